// Renders the service's own /openapi.json: endpoints, parameters, bodies, responses, schemas.
"use strict";
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
};
const refName = (ref) => ref.split("/").pop();
const schemaLabel = (s) => {
  if (!s) return "";
  if (s.$ref) return refName(s.$ref);
  if (s.anyOf) return s.anyOf.map(schemaLabel).join(" | ");
  if (s.type === "array") return `array of ${schemaLabel(s.items)}`;
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(" | ");
  return s.type || "any";
};
const link = (s) => {
  const label = schemaLabel(s);
  return s && s.$ref ? el("a", { href: `#schema-${refName(s.$ref)}` }, label) : label;
};

function renderOperation(path, method, op) {
  const box = el("div", { class: "op", id: `op-${method}-${path.replace(/[^a-z0-9]+/gi, "-")}` });
  box.append(el("h3", {}, el("span", { class: `method ${method}` }, method), " ", el("code", {}, path), " — ", op.summary || ""));
  if (op.description) box.append(el("p", {}, op.description));
  if (op.parameters && op.parameters.length) {
    const t = el("table", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "")));
    for (const p of op.parameters) t.append(el("tr", {}, el("td", {}, el("code", {}, p.name)), el("td", {}, p.in), el("td", {}, link(p.schema)), el("td", {}, p.description || "")));
    box.append(t);
  }
  if (op.requestBody) {
    const t = el("table", {}, el("tr", {}, el("th", {}, "request body"), el("th", {}, "schema")));
    for (const [type, media] of Object.entries(op.requestBody.content || {})) {
      t.append(el("tr", {}, el("td", {}, el("code", {}, type)), el("td", {}, link(media.schema))));
    }
    box.append(t);
    for (const media of Object.values(op.requestBody.content || {})) {
      if (media.example) box.append(el("pre", {}, JSON.stringify(media.example, null, 2)));
    }
  }
  const t = el("table", {}, el("tr", {}, el("th", {}, "status"), el("th", {}, "meaning"), el("th", {}, "body")));
  for (const [status, resp] of Object.entries(op.responses || {})) {
    const [type, media] = Object.entries(resp.content || {})[0] || ["", {}];
    t.append(el("tr", {}, el("td", {}, status), el("td", {}, resp.description || ""), el("td", {}, type ? el("code", {}, type) : "", " ", link(media.schema))));
  }
  box.append(t);
  return box;
}

function renderSchema(name, schema) {
  const box = el("div", { class: "op", id: `schema-${name}` }, el("h3", {}, name));
  if (schema.description) box.append(el("p", {}, schema.description));
  const props = schema.properties || {};
  const required = new Set(schema.required || []);
  if (Object.keys(props).length) {
    const t = el("table", {}, el("tr", {}, el("th", {}, "field"), el("th", {}, "type"), el("th", {}, "")));
    for (const [field, s] of Object.entries(props)) {
      t.append(el("tr", {}, el("td", {}, el("code", {}, field), required.has(field) ? " *" : ""), el("td", {}, link(s)), el("td", {}, s.description || "")));
    }
    box.append(t);
  }
  return box;
}

async function main() {
  const spec = await (await fetch("/openapi.json")).json();
  document.getElementById("version").textContent = spec.info.version;
  document.getElementById("description").textContent = spec.info.description || "";
  const endpoints = document.getElementById("endpoints");
  const toc = document.getElementById("toc");
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const box = renderOperation(path, method, op);
      endpoints.append(box);
      toc.append(el("a", { href: `#${box.id}` }, `${method.toUpperCase()} ${path}`));
    }
  }
  const schemas = document.getElementById("schemas");
  for (const [name, schema] of Object.entries((spec.components || {}).schemas || {})) schemas.append(renderSchema(name, schema));
}

document.getElementById("send").addEventListener("click", async () => {
  const out = document.getElementById("out");
  const headers = { "Content-Type": "text/plain; charset=utf-8" };
  const token = document.getElementById("token").value.trim();
  if (token) headers.Authorization = `Bearer ${token}`;
  out.textContent = "…";
  const resp = await fetch("/v1/analyze?include=spans", { method: "POST", headers, body: document.getElementById("text").value });
  out.textContent = `${resp.status}\n` + JSON.stringify(await resp.json(), null, 2);
});

main().catch((err) => { document.getElementById("description").textContent = `Could not load /openapi.json: ${err}`; });
