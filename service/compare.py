"""Same-event comparison: put 2–20 articles side by side and show how each frames the event.

`compare(items, resources, model=None)` analyses every article once and aligns:

* **same story?** pairwise story similarity (alignment.story_similarity) and, per article,
  the share of its sentences that share the story's vocabulary; an article about another
  event, or partly about one, is flagged with the names only it uses — never silently merged;
* **actors and labels**: actors matched across articles by alias-lexicon id (ISIS = IS =
  Daesh) or by name; per article the labels used for each (terrorists / militants /
  fighters …) with voice and spans; labels used by one article only are marked;
* **sourcing**: named / anonymous / vague / media sources per article, sources aligned
  across articles, sources cited by one article only, unattributed assertions;
* **figures**: numeric claims grouped by what they count, divergent and unattributed ones flagged;
* **framing features** side by side (with reference percentiles when a model is given);
* **summary**: template sentences, each with the spans it rests on. Nothing is generated
  freely, so nothing can be invented.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .alignment import actor_lookup, align_phrases, cosine, fit_idf, story_terms, tfidf_vector

MIN_ARTICLES, MAX_ARTICLES = 2, 20
#: Below this best pairwise similarity an article is about a different event. Chosen on
#: the BASIL development half (3 same-event articles + 1 from another event, 38 groups):
#: same-event articles' best similarity p5 0.217, outsiders' p95 0.114; at 0.12 no
#: same-event article is flagged and 95% of outsiders are. On the held-out half: 0% / 86%.
DIFFERENT_EVENT = 0.12
#: A sentence is "on the story" when its similarity to the other articles is at least this.
ON_STORY_SENTENCE = 0.08
#: An article is partly about another event when fewer than half its sentences are on the story.
PARTLY_OTHER = 0.5
#: Figures in one category diverge when the largest is this many times the smallest.
DIVERGENT_RATIO = 1.25
#: An article asserts "mostly without attribution" above this share of its sentences.
MOSTLY_UNATTRIBUTED = 0.5
SIDE_BY_SIDE = (
    "loaded.terms_per_1k_words", "loaded.author_terms_per_1k_words",
    "loaded.violent_actor_label_author_per_1k_words", "loaded.geopolitical_epithet_author_per_1k_words",
    "loaded.delegitimising_author_per_1k_words", "loaded.emotive_author_per_1k_words",
    "loaded.distancing_author_per_1k_words", "loaded.author_voice_share",
    "attribution.attributed_sentences_share", "attribution.named_share", "attribution.anonymous_share",
    "attribution.vague_share", "attribution.media_share", "attribution.unattributed_assertive_share",
    "attribution.quoted_text_share", "hedging.hedges_per_100_words", "hedging.boosters_per_100_words",
    "sentiment.sentence_compound_mean", "sentiment.negative_sentence_share",
    "readability.flesch_kincaid_grade_level", "numbers.unattributed_claim_share",
)


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str
    title: str | None = None
    outlet: str | None = None


def compare(items: list[Item], resources, model=None) -> dict[str, Any]:
    """The comparison as a JSON-ready dict. Raises ValueError for fewer than 2 or more than 20."""
    from .framing.analyze import analyze

    if not MIN_ARTICLES <= len(items) <= MAX_ARTICLES:
        raise ValueError(f"compare needs {MIN_ARTICLES}–{MAX_ARTICLES} articles, got {len(items)}")
    ids = [it.id for it in items]
    if len(set(ids)) != len(ids):
        raise ValueError("article ids must be unique")
    analyses = [analyze(it.text, title=it.title, resources=resources) for it in items]
    story = same_story(items, analyses, resources)
    actors = align_actors(items, analyses)
    sourcing = compare_sourcing(items, analyses, actor_lookup(resources))
    figures = compare_figures(items, analyses)
    features = side_by_side(items, analyses, model)
    return {
        "articles": [{"id": it.id, "title": it.title, "outlet": it.outlet,
                      "word_count": a.meta["word_count"], "language": a.meta["language"]}
                     for it, a in zip(items, analyses)],
        "same_story": story,
        "actors": actors,
        "sourcing": sourcing,
        "figures": figures,
        "features": features,
        "summary": summarise(items, story, actors, sourcing, figures),
    }


# ------------------------------------------------------------------ same story

def same_story(items, analyses, resources) -> dict[str, Any]:
    stopwords = resources.terms("function_words")
    texts = [_measured_text(a) for a in analyses]
    counts = [story_terms(t, stopwords) for t in texts]
    idf, default = fit_idf(counts)
    vectors = [tfidf_vector(c, idf, default) for c in counts]
    n = len(items)
    sim = [[1.0 if i == j else round(cosine(vectors[i], vectors[j]), 4) for j in range(n)] for i in range(n)]
    best_of = [max(sim[i][j] for j in range(n) if j != i) for i in range(n)]
    on_event = [b >= DIFFERENT_EVENT for b in best_of]
    per_article = []
    for i, (item, analysis) in enumerate(zip(items, analyses)):
        # an article about a different event must not dilute what "the story" is
        peers = [vectors[j] for j in range(n) if j != i and on_event[j]] or \
            [vectors[j] for j in range(n) if j != i]
        on, off = _on_story_sentences(analysis, _centroid(peers), idf, default, stopwords)
        share = len(on) / (len(on) + len(off)) if on or off else None
        best = best_of[i]
        if best < DIFFERENT_EVENT:
            status = "different_event"
        elif share is not None and share < PARTLY_OTHER:
            status = "partly_other_event"
        else:
            status = "same_story"
        per_article.append({
            "id": item.id, "status": status, "best_similarity": round(best, 4),
            "on_story_sentence_share": None if share is None else round(share, 4),
            "own_names": _own_names(i, texts, resources.terms("actor_rules", "not_name")),
            "off_story_sentences": off,
        })
    return {"similarity": sim, "articles": per_article,
            "thresholds": {"different_event": DIFFERENT_EVENT, "on_story_sentence": ON_STORY_SENTENCE,
                           "partly_other_event": PARTLY_OTHER}}


def _measured_text(analysis) -> str:
    return "\n".join(s["text"] for s in analysis.sentences if not s["boilerplate"])


def _centroid(vectors: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for vec in vectors:
        for t, v in vec.items():
            total[t] += v
    norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
    return {t: v / norm for t, v in total.items()}


def _on_story_sentences(analysis, others, idf, default, stopwords):
    on, off = [], []
    for s in analysis.sentences:
        if s["boilerplate"]:
            continue
        terms = story_terms(s["text"], stopwords)
        if not terms:
            continue
        score = cosine(tfidf_vector(terms, idf, default), others)
        ref = {"start": s["start"], "end": s["end"], "text": s["text"], "similarity": round(score, 4)}
        (on if score >= ON_STORY_SENTENCE else off).append(ref)
    return on, off


def _own_names(i: int, texts: list[str], not_names=frozenset()) -> list[str]:
    """Capitalised names used at least twice in article i and by no other article."""
    names = Counter()
    for word in _capitalised(texts[i]):
        if word.lower() not in not_names:
            names[word] += 1
    others = set()
    for j, text in enumerate(texts):
        if j != i:
            others.update(w.lower() for w in _capitalised(text))
    return [w for w, c in names.most_common() if c >= 2 and w.lower() not in others][:8]


_NAME_WORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]{2,}\b")


def _capitalised(text: str) -> list[str]:
    """Capitalised words that do not open a sentence."""
    return _NAME_WORD.findall(text)


# ------------------------------------------------------------------ actors and labels

def align_actors(items, analyses) -> list[dict[str, Any]]:
    """Actors across articles, with each article's labels for them."""
    per_article = [{a["id"]: a for a in (an.details.get("sentiment") or {}).get("actors", [])
                    if a["id"] != "unresolved"} for an in analyses]
    keys = sorted({k for actors in per_article for k in actors})
    names = {}
    for actors in per_article:
        for k, a in actors.items():
            names.setdefault(k, a["name"])
    # name-heuristic actors from different articles merge when their names align
    name_keys = [k for k in keys if k.startswith("name:")]
    clusters = align_phrases([names[k] for k in name_keys])
    canonical = {k: k for k in keys}
    first_of: dict[int, str] = {}
    for k, c in zip(name_keys, clusters):
        canonical[k] = first_of.setdefault(c, k)
    merged: dict[str, dict[str, Any]] = {}
    for item, actors in zip(items, per_article):
        for k, actor in actors.items():
            key = canonical[k]
            entry = merged.setdefault(key, {"id": key, "name": names[key], "kind": actor["kind"], "articles": {}})
            slot = entry["articles"].setdefault(item.id, {"mentions": 0, "labels": {},
                                                          "sentence_compound_mean": None})
            slot["mentions"] += actor["mention_count"]
            if slot["sentence_compound_mean"] is None:  # VADER mean of the sentences naming the actor
                slot["sentence_compound_mean"] = actor.get("sentence_compound_mean")
            for label in actor.get("labels", []):
                lab = slot["labels"].setdefault(label["term"], {"term": label["term"], "count": 0,
                                                                 "voices": Counter(), "spans": []})
                lab["count"] += 1
                lab["voices"][label["voice"]] += 1
                lab["spans"].append({k2: label[k2] for k2 in ("start", "end", "text", "voice", "speaker")})
    out = []
    for entry in merged.values():
        used_by = defaultdict(set)
        for aid, slot in entry["articles"].items():
            for term in slot["labels"]:
                used_by[term].add(aid)
        for aid, slot in entry["articles"].items():
            slot["labels"] = [
                {**lab, "voices": dict(lab["voices"]), "only_this_article": used_by[lab["term"]] == {aid}}
                for lab in sorted(slot["labels"].values(), key=lambda x: -x["count"])]
        entry["article_count"] = len(entry["articles"])
        out.append(entry)
    out.sort(key=lambda e: (-e["article_count"], -sum(s["mentions"] for s in e["articles"].values()), e["id"]))
    return out


# ------------------------------------------------------------------ sourcing

SOURCE_TYPES = ("named_person", "named_organisation", "anonymous", "vague", "media_document", "unknown")


def compare_sourcing(items, analyses, actor_of=None) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    all_names: list[tuple[str, str, dict]] = []
    for item, analysis in zip(items, analyses):
        attributions = analysis.details.get("attribution") or []
        types = Counter(a["source_type"] for a in attributions)
        sources = []
        for a in attributions:
            name = a.get("speaker") or (a["source"]["text"] if a.get("source") else None)
            if name:
                ref = {"start": (a["source"] or a["cue"])["start"], "end": (a["source"] or a["cue"])["end"],
                       "text": (a["source"] or a["cue"])["text"]}
                sources.append({"name": name, "type": a["source_type"], "cue": a["cue"]["text"],
                                "span": ref})
                all_names.append((item.id, name, sources[-1]))
        vague_cues = [{"cue": a["cue"]["text"], "span": a["cue"]} for a in attributions
                      if a["source_type"] == "vague"]
        rows[item.id] = {
            "by_type": {t: types.get(t, 0) for t in SOURCE_TYPES},
            "attributions": len(attributions),
            "sources": sources,
            "vague_cues": vague_cues,
            "unattributed_assertive_share": analysis.features.get("attribution.unattributed_assertive_share"),
            "named_share": analysis.features.get("attribution.named_share"),
        }
    clusters = align_phrases([n for _, n, _ in all_names], actor_of)
    cited_by: dict[int, set[str]] = defaultdict(set)
    for (aid, _, src), c in zip(all_names, clusters):
        cited_by[c].add(aid)
        src["source_group"] = c
    for (aid, _, src), c in zip(all_names, clusters):
        src["only_this_article"] = cited_by[c] == {aid}
    return {"articles": rows}


# ------------------------------------------------------------------ figures

def compare_figures(items, analyses) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for item, analysis in zip(items, analyses):
        for claim in analysis.details.get("numbers") or []:
            for category in claim.get("categories") or [claim["category"]]:
                groups[category][item.id].append({
                    k: claim.get(k) for k in ("start", "end", "text", "value", "low", "high", "qualifier",
                                              "unit", "attributed_to", "source_type")
                } | {"unattributed": claim.get("source_type") == "unattributed"})
    out = []
    for category, by_article in groups.items():
        values = [v for claims in by_article.values() for c in claims
                  if (v := _representative(c)) is not None and v > 0]
        divergent = category != "other" and len(by_article) > 1 and bool(values) and max(values) / max(min(values), 1e-9) >= DIVERGENT_RATIO
        out.append({"category": category, "articles": dict(by_article),
                    "article_count": len(by_article), "divergent": divergent,
                    "range": [min(values), max(values)] if values else None,
                    "unattributed_count": sum(c["unattributed"] for cl in by_article.values() for c in cl)})
    out.sort(key=lambda g: (-g["article_count"], g["category"]))
    return out


def _representative(claim: dict[str, Any]) -> float | None:
    """The value a claim stands for: its value, else its lower, else its upper bound."""
    for key in ("value", "low", "high"):
        if claim.get(key) is not None:
            return float(claim[key])
    return None


# ------------------------------------------------------------------ features

def side_by_side(items, analyses, model) -> dict[str, Any]:
    table = {it.id: {name: a.features.get(name) for name in SIDE_BY_SIDE} for it, a in zip(items, analyses)}
    percentiles = None
    if model is not None:
        from .reference.place import place

        percentiles = {}
        for it, a in zip(items, analyses):
            placed = place(a, model).to_dict()["features"]
            percentiles[it.id] = {n: (placed.get(n) or {}).get("percentile") for n in SIDE_BY_SIDE}
    return {"names": list(SIDE_BY_SIDE), "values": table, "percentiles": percentiles,
            "reference": None if model is None else model.name}


# ------------------------------------------------------------------ summary

def _ref(aid: str, span: dict) -> dict[str, Any]:
    return {"article": aid, "start": span["start"], "end": span["end"], "text": span["text"]}


def summarise(items, story, actors, sourcing, figures) -> list[dict[str, Any]]:
    points: list[dict[str, Any]] = []
    for art in story["articles"]:
        if art["status"] != "same_story":
            what = "about a different event" if art["status"] == "different_event" else "partly about another event"
            names = ", ".join(art["own_names"][:5]) or "no names shared with the others"
            points.append({"kind": "same_story", "text": f"{art['id']} seems {what}: "
                           f"{len(art['off_story_sentences'])} of its sentences share little with the other "
                           f"articles; it names {names}.",
                           "refs": [_ref(art["id"], s) for s in art["off_story_sentences"][:5]]})
    for actor in actors[:3]:
        if actor["article_count"] < 2:
            continue
        own, other = [], []
        for aid, slot in actor["articles"].items():
            author = [l for l in slot["labels"] if l["voices"].get("author")]
            if author:
                terms = "/".join(f"'{l['term']}'" for l in author[:3])
                own.append((aid, terms, [s for l in author[:3] for s in l["spans"] if s["voice"] == "author"]))
            elif slot["labels"]:
                terms = "/".join(f"'{l['term']}'" for l in slot["labels"][:3])
                other.append((aid, terms, [s for l in slot["labels"][:3] for s in l["spans"]]))
        if own or other:
            parts = [f"{aid} calls {actor['name']} {terms} in its own voice" for aid, terms, _ in own]
            parts += [f"{aid} uses {terms} only in quoted or attributed speech" for aid, terms, _ in other]
            refs = [_ref(aid, s) for aid, _, spans in own + other for s in spans[:3]]
            points.append({"kind": "labels", "text": "; ".join(parts) + ".", "refs": refs})
        unique = [(aid, l) for aid, slot in actor["articles"].items() for l in slot["labels"] if l["only_this_article"]]
        if unique and len(actor["articles"]) > 1:
            text = "; ".join(f"only {aid} calls {actor['name']} '{l['term']}'" for aid, l in unique[:6])
            points.append({"kind": "unique_labels", "text": text[0].upper() + text[1:] + ".",
                           "refs": [_ref(aid, l["spans"][0]) for aid, l in unique[:6]]})
    points.extend(_sourcing_points(sourcing))
    for group in figures:
        if group["article_count"] < 2 or group["category"] == "other":
            continue
        parts, refs = [], []
        for aid, claims in group["articles"].items():
            shown = "; ".join(f"'{c['text']}'" + (f" ({c['attributed_to']})" if c["attributed_to"]
                                                  else " (unattributed)") for c in claims[:3])
            parts.append(f"{aid}: {shown}")
            refs.extend(_ref(aid, c) for c in claims[:3])
        verb = "differ" if group["divergent"] else "roughly agree"
        points.append({"kind": "figures", "text": f"Figures for {group['category'].replace('_', ' ')} {verb}: "
                       + " | ".join(parts) + ".", "refs": refs})
    return points


def _sourcing_points(sourcing) -> list[dict[str, Any]]:
    rows = sourcing["articles"]
    points = []
    named = [(aid, r) for aid, r in rows.items() if r["by_type"]["named_person"]]
    if named:
        aid, row = max(named, key=lambda x: (x[1]["by_type"]["named_person"], x[1]["named_share"] or 0))
        people = Counter(s["name"] for s in row["sources"] if s["type"] == "named_person")
        points.append({"kind": "sourcing", "text": f"{aid} cites the most named people "
                       f"({row['by_type']['named_person']} attributions: "
                       f"{', '.join(p for p, _ in people.most_common(8))}).",
                       "refs": [_ref(aid, s["span"]) for s in row["sources"] if s["type"] == "named_person"][:6]})
    ranked = sorted(((aid, r) for aid, r in rows.items()
                     if (r["unattributed_assertive_share"] or 0) >= MOSTLY_UNATTRIBUTED),
                    key=lambda x: -x[1]["unattributed_assertive_share"])
    if ranked:
        parts = []
        for aid, row in ranked:
            vague = ", ".join(sorted({f"'{v['cue']}'" for v in row["vague_cues"]}))
            parts.append(f"{aid} ({row['unattributed_assertive_share']:.0%}" + (f"; vague: {vague}" if vague else "") + ")")
        points.append({"kind": "sourcing", "text": "Most sentences asserted without any attribution: "
                       + ", ".join(parts) + ".",
                       "refs": [_ref(aid, v["span"]) for aid, row in ranked for v in row["vague_cues"]][:8]})
    unique = [(aid, s) for aid, r in rows.items() for s in r["sources"] if s["only_this_article"]
              and s["type"] in ("named_person", "named_organisation", "media_document")]
    if unique:
        by_article = defaultdict(list)
        for aid, s in unique:
            if s["name"] not in by_article[aid]:
                by_article[aid].append(s["name"])
        text = "; ".join(f"{aid}: {', '.join(names[:4])}" for aid, names in by_article.items())
        points.append({"kind": "sourcing", "text": f"Sources cited by one article only — {text}.",
                       "refs": [_ref(aid, s["span"]) for aid, s in unique[:8]]})
    return points


# ------------------------------------------------------------------ CLI

def render_table(result: dict[str, Any], markdown: bool = False) -> str:
    ids = [a["id"] for a in result["articles"]]
    lines: list[str] = []

    def row(cells):
        if markdown:
            lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
        else:
            lines.append("  ".join(f"{str(c)[:28]:28}" for c in cells))

    def header(cells):
        row(cells)
        if markdown:
            lines.append("|" + "---|" * len(cells))

    lines.append("## Summary" if markdown else "SUMMARY")
    for p in result["summary"]:
        lines.append(f"- {p['text']}")
    lines.append("")
    lines.append("## Same story" if markdown else "SAME STORY")
    header(["article", "status", "best similarity", "on-story sentences"])
    for a in result["same_story"]["articles"]:
        row([a["id"], a["status"], a["best_similarity"], a["on_story_sentence_share"]])
    lines.append("")
    lines.append("## Actors and labels" if markdown else "ACTORS AND LABELS (term ×count, voice)")
    header(["actor"] + ids)
    for actor in result["actors"][:8]:
        cells = [actor["name"]]
        for aid in ids:
            slot = actor["articles"].get(aid)
            if not slot:
                cells.append("—")
                continue
            labels = ", ".join(f"{l['term']}×{l['count']}" + ("*" if l["only_this_article"] else "")
                               for l in slot["labels"][:3])
            cells.append(f"{slot['mentions']} mentions" + (f": {labels}" if labels else ""))
        row(cells)
    lines.append("")
    lines.append("## Sourcing" if markdown else "SOURCING")
    header(["source type"] + ids)
    src = result["sourcing"]["articles"]
    for t in SOURCE_TYPES[:-1]:
        row([t] + [src[aid]["by_type"][t] for aid in ids])
    row(["unattributed assertive share"] + [src[aid]["unattributed_assertive_share"] for aid in ids])
    lines.append("")
    lines.append("## Figures" if markdown else "FIGURES (! divergent, ? unattributed)")
    header(["counts"] + ids)
    for g in result["figures"]:
        cells = [g["category"] + (" !" if g["divergent"] else "")]
        for aid in ids:
            claims = g["articles"].get(aid, [])
            cells.append("; ".join(c["text"] + ("?" if c["unattributed"] else "") for c in claims[:2]) or "—")
        row(cells)
    lines.append("")
    lines.append("## Framing features" if markdown else "FRAMING FEATURES")
    header(["feature"] + ids)
    for name in result["features"]["names"]:
        row([name] + [result["features"]["values"][aid].get(name) for aid in ids])
    return "\n".join(lines)


def build_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("files", nargs="+", help="2–20 article text files (id: the file name up to the first _)")
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table",
                        help="side-by-side table (default), Markdown for reports, or JSON")
    parser.add_argument("--reference", help="reference model for percentiles (default: none)")
    parser.add_argument("--models-dir", default=None, help="reference models directory")
    return parser


def run_from_args(args: argparse.Namespace) -> int:
    from .framing.resources import load_resources

    items = []
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: {name}: {exc}", file=sys.stderr)
            return 2
        items.append(Item(path.stem.split("_")[0] if "_" in path.stem else path.stem, text))
    model = None
    if args.reference:
        from .reference.model import load_reference_models

        models = load_reference_models(Path(args.models_dir) if args.models_dir else
                                       Path(__file__).resolve().parents[1] / "models")
        if args.reference not in models:
            print(f"error: no reference {args.reference!r}; available: {', '.join(models)}", file=sys.stderr)
            return 2
        model = models[args.reference]
    try:
        result = compare(items, load_resources(), model)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(render_table(result, markdown=args.format == "markdown"))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argparse.ArgumentParser(prog="slant compare",
                                                  description="Compare 2–20 articles about one event."))
    return run_from_args(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
