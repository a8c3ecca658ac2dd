"""The offline docs page renders the service's own OpenAPI document (run under node
with a minimal DOM stand-in, since no browser is assumed)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from service import create_app

HARNESS = r"""
const fs = require("fs");
const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const byId = {};
class Node_ {
  constructor(tag) { this.tag = tag; this.children = []; this.attrs = {}; this.textContent = ""; }
  setAttribute(k, v) { this.attrs[k] = v; if (k === "id") byId[v] = this; }
  append(...c) { this.children.push(...c); }
  addEventListener() {}
  get id() { return this.attrs.id; }
}
global.Node = Node_;
global.document = {
  createElement: (t) => new Node_(t),
  createTextNode: (s) => { const n = new Node_("#text"); n.textContent = s; return n; },
  getElementById: (id) => byId[id] || (byId[id] = new Node_("div")),
};
global.fetch = async () => ({ json: async () => spec });
require(process.argv[3]);
setTimeout(() => {
  const count = (n, tag) => (n.tag === tag ? 1 : 0) + n.children.reduce((a, c) => a + count(c, tag), 0);
  console.log(JSON.stringify({
    operations: byId.endpoints.children.length, schemas: byId.schemas.children.length,
    toc: byId.toc.children.length, description: byId.description.textContent,
    tables: count(byId.endpoints, "table"),
  }));
}, 50);
"""


def test_docs_page_renders_every_operation(tmp_path):
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed")
    app = create_app({"TESTING": True})
    client = app.test_client()
    spec = client.get("/openapi.json").get_json()
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    (tmp_path / "docs.js").write_bytes(client.get("/docs/docs.js").get_data())
    (tmp_path / "harness.js").write_text(HARNESS, encoding="utf-8")
    done = subprocess.run([node, str(tmp_path / "harness.js"), str(tmp_path / "spec.json"),
                           str(tmp_path / "docs.js")], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    n_ops = sum(len(ops) for ops in spec["paths"].values())
    assert shown["operations"] == shown["toc"] == n_ops
    assert shown["schemas"] == len(spec["components"]["schemas"])
    assert shown["description"].startswith("How a news article frames")
    assert shown["tables"] >= n_ops
