"""Rebuild the shipped reference models in models/ from ../shared/data, reproducibly.

    .venv/bin/python scripts/build_models.py            # both models -> models/
    .venv/bin/python scripts/build_models.py --only hyperpartisan --out /tmp/m

Step 1 converts each data set to a JSONL corpus under build/corpora/ (not committed);
step 2 runs the same build as `slant reference build`; step 3 writes models/NAME/README.md
(source, licence, attribution, validation). Running it twice on the same data, lexicons
and package versions gives the same model digest (tests/test_reference_shipped.py checks).
"""
from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.reference.build import build_model  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEMEVAL = "semeval2019-hyperpartisan-byarticle"
BIASLAB = "biaslab"

MODELS = {
    "hyperpartisan": {
        "description": "SemEval-2019 Task 4 by-article training set: 645 English news and opinion "
                       "articles (2017-2018) from 284 web domains, each labelled hyperpartisan or not "
                       "by crowd consensus. Outlet = the URL's domain.",
        "licence": "CC BY 4.0",
        "attribution": "Kiesel, Mestre, Shukla, Vincent, Adineh, Corney, Stein, Potthast. 2019. "
                       "SemEval-2019 Task 4: Hyperpartisan News Detection. SemEval 2019. "
                       "Data: https://doi.org/10.5281/zenodo.1489920",
        "group_by": "outlet",
    },
    "allsides": {
        "description": "BiasLab: 300 US political news articles on 84 AllSides events, labelled with "
                       "the AllSides rating of their outlet (5-point scale; this sample holds Left, "
                       "Lean Right and Right), the outlet's Left/Right side, and (270 articles) the "
                       "crowd workers' agreed perceived leaning. BiasLab publishes no per-article "
                       "outlet name, so cross-validation is grouped by AllSides event instead.",
        "licence": "CC BY-NC-SA 4.0 (non-commercial use only; share-alike)",
        "attribution": "K.M.A. Solaiman. 2025. BiasLab: Toward Explainable Political Bias Detection "
                       "with Dual-Axis Annotations and Rationale Indicators. arXiv:2505.16081. "
                       "Data: https://doi.org/10.5281/zenodo.15571668",
        "group_by": "event",
    },
}

_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"[ \t\r\f\v]+")


def _lines(parts) -> str:
    out = [_SPACE_RE.sub(" ", p).strip() for p in parts]
    return "\n".join(p for p in out if p)


def _walk(el, lines: list[str], buf: list[str], top: bool = True) -> None:
    """<p> elements become lines; text of any other element is inline in the current line."""
    buf.append(el.text or "")
    for child in el:
        if child.tag == "p":
            lines.append("".join(buf))
            buf.clear()
            lines.append("".join(child.itertext()))
        else:
            _walk(child, lines, buf, top=False)
        buf.append(child.tail or "")
    if top:
        lines.append("".join(buf))


def semeval_articles(data: Path):
    """SemEval XML -> dicts. A <p> becomes a line; stray text between paragraphs its own line."""
    folder = data / SEMEVAL
    truth = {}
    for _, el in ET.iterparse(folder / "ground-truth-training-byarticle-20181122.xml"):
        if el.tag == "article":
            truth[el.get("id")] = (el.get("hyperpartisan") == "true", el.get("url"))
    for _, el in ET.iterparse(folder / "articles-training-byarticle-20181122.xml"):
        if el.tag != "article":
            continue
        parts: list[str] = []
        _walk(el, parts, [])
        label, url = truth[el.get("id")]
        yield {"id": el.get("id"), "title": el.get("title"), "url": url,
               "date": el.get("published-at"), "text": _lines(parts),
               "labels": {"hyperpartisan": label}}
        el.clear()


def biaslab_articles(data: Path):
    folder = data / BIASLAB
    csv.field_size_limit(1 << 30)
    with open(folder / "outlet_derived_labels" / "docid2outletlabel_300.csv", encoding="utf-8") as f:
        outlet = {r["docid"]: r for r in csv.DictReader(f)}
    human = {}
    for path in sorted((folder / "gold").glob("gold_docs_workers_agreed_*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                human[r["docid"]] = r["human_label"]
    with open(folder / "mturk_input_300.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            body = re.split(r"</p>\s*", r["fullDoc"])
            labels = {"allsides": outlet[r["docid"]]["finerLabel"],
                      "outlet_leaning": outlet[r["docid"]]["outletLabel"]}
            if r["docid"] in human:
                labels["human_leaning"] = human[r["docid"]]
            yield {"id": r["docid"], "title": r["title"], "event": r["event"],
                   "text": _lines(html.unescape(_TAG_RE.sub("", p)) for p in body),
                   "labels": labels}


SOURCES = {"hyperpartisan": semeval_articles, "allsides": biaslab_articles}


def write_corpus(name: str, data: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for article in SOURCES[name](data):
            f.write(json.dumps(article, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def readme(name: str, meta: dict) -> str:
    spec = MODELS[name]
    rows = []
    for lm in meta["labels"]:
        for variant, v in lm["validation"].items():
            served = " (served)" if variant == lm["served"] else ""
            rows.append(f"| {lm['name']} | {variant}{served} | {v['n']} | {v['accuracy']} | "
                        f"{v['macro_f1']} | {v['roc_auc']} | {v['calibration']['brier']} | "
                        f"{v['calibration']['ece']} | {v['majority_baseline_accuracy']} |")
    nc = "\n**Non-commercial use only.** The BiasLab data are CC BY-NC-SA 4.0: you may use and " \
         "share this model with attribution for non-commercial purposes, and derivatives must " \
         "carry the same licence. Do not serve it from a commercial deployment.\n" \
        if "NC" in spec["licence"] else ""
    return f"""# Reference model `{name}`

{spec['description']}

- **Licence of the source data (and of this model's derived arrays):** {spec['licence']}
- **Attribution:** {spec['attribution']}
- **Built by:** `scripts/build_models.py` from `../shared/data` (see `docs/reference.md`)
{nc}
## What is stored
`arrays.npz` (plain arrays, loaded with `allow_pickle=False`) and `meta.json`. Per corpus
article: id, title, URL (where the data set has one), outlet, standardised framing
features, map coordinates and a TF-IDF row over content words. **No article text is stored.**

- articles: {meta['n_articles']}; outlets: {meta['n_outlets']} ({meta['n_outlets_with_enough_articles']} with at least {meta['min_outlet_articles']} articles)
- content index: {meta['content_index']['n_terms']} terms
- corpus digest: `{meta['corpus_digest']}`
- lexicon digest: `{meta['lexicon_digest']}`
- model digest: `{meta['digest']}`

## Validation (cross-validation grouped by {meta['cv']['grouped_by']}, {meta['cv']['folds']} folds)
| label | features | n | accuracy | macro-F1 | ROC-AUC | Brier | ECE | majority acc. |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Rebuild: `.venv/bin/python scripts/build_models.py --only {name}`
"""


def build(name: str, data: Path, out: Path, corpora: Path, workers: int = 2) -> dict:
    spec = MODELS[name]
    corpus = write_corpus(name, data, corpora)
    meta = build_model(corpus, name, out / name, description=spec["description"],
                       licence=spec["licence"], attribution=spec["attribution"],
                       group_by=spec["group_by"], workers=workers,
                       rebuild_command=f"python scripts/build_models.py --only {name}",
                       log=lambda msg: print(f"[{name}] {msg}", file=sys.stderr))
    (out / name / "README.md").write_text(readme(name, meta), encoding="utf-8")
    return meta


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DATA, help="the shared data directory")
    p.add_argument("--out", type=Path, default=ROOT / "models", help="models directory")
    p.add_argument("--corpora", type=Path, default=ROOT / "build" / "corpora",
                   help="where the intermediate JSONL corpora go")
    p.add_argument("--only", choices=sorted(MODELS), action="append", help="build only this model")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    for name in args.only or list(MODELS):
        meta = build(name, args.data, args.out, args.corpora, args.workers)
        print(f"{name}: {meta['n_articles']} articles in {meta['build']['seconds']} s, "
              f"peak {meta['build']['peak_rss_mb']} MB, digest {meta['digest']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
