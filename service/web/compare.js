// The comparison view (POST /v1/compare): actors × articles with the labels each article
// uses, sources, figures with divergences flagged, framing features side by side and the
// summary. Every cell links to the span it rests on in that article's highlighted text.
import {h} from "./dom.js";
import {human, sourceKind} from "./text.js";

const VOICE_SHORT = {author: "author", quoted: "quoted", attributed: "reported"};

export function renderComparison(panel, cmp, results, jumpTo) {
  const ids = cmp.articles.map((a) => a.id);
  const nameOf = Object.fromEntries(results.map((r) => [r.article.id, r.article.id]));
  const position = Object.fromEntries(ids.map((id, i) => [id, i + 1]));
  const link = (aid, span, text, extra = {}) => h("a", {href: "#", class: "span-link", "data-article": aid,
    "data-start": span.start, "data-end": span.end, title: `“${span.text}” in ${nameOf[aid]}`,
    onclick: (e) => { e.preventDefault(); jumpTo(aid, span.start, span.end); }, ...extra}, text);
  const head = (first) => h("thead", {}, h("tr", {}, h("th", {scope: "col"}, first),
    ids.map((id) => h("th", {scope: "col"}, nameOf[id] || id))));

  // same story
  const story = h("section", {class: "card"}, h("h3", {}, "Same story?"),
    h("ul", {class: "story"}, cmp.same_story.articles.map((a) => h("li", {class: "status-" + a.status},
      h("strong", {}, nameOf[a.id] || a.id), `: ${human(a.status)}`,
      a.on_story_sentence_share !== null ? ` — ${Math.round(100 * a.on_story_sentence_share)}% of its sentences on the shared story` : "",
      a.own_names.length ? h("span", {class: "note"}, ` (names only it uses: ${a.own_names.join(", ")})`) : ""))));

  // actors × articles
  const actors = h("table", {class: "compare actors"},
    h("caption", {}, "Who is called what: labels per actor and article (✱ only this article uses the label)"),
    head("actor"),
    h("tbody", {}, cmp.actors.filter((a) => Object.values(a.articles).some((x) => x.labels.length) || a.article_count > 1)
      .map((actor) => h("tr", {"data-actor": actor.id}, h("th", {scope: "row"}, actor.name),
        ids.map((id) => {
          const slot = actor.articles[id];
          if (!slot) return h("td", {class: "empty"}, "not mentioned");
          return h("td", {"data-article": id},
            h("div", {class: "mentions"}, `${slot.mentions} mention${slot.mentions === 1 ? "" : "s"}`),
            slot.labels.length ? h("ul", {class: "chips"}, slot.labels.map((l) => h("li", {class: "chip" + (l.only_this_article ? " unique" : "")},
              link(id, l.spans[0], `${l.term}${l.count > 1 ? " ×" + l.count : ""}`, {"data-term": l.term}),
              h("span", {class: "voices"}, " " + Object.entries(l.voices).map(([v, n]) => `${VOICE_SHORT[v] || v} ${n}`).join(", ")),
              l.only_this_article ? h("span", {class: "flag", title: "only this article uses this label"}, " ✱") : ""))) :
              h("span", {class: "note"}, "no label"));
        })))));

  // sourcing
  const types = ["named_person", "named_organisation", "anonymous", "vague", "media_document", "unknown"];
  const srcRows = types.map((t) => h("tr", {}, h("th", {scope: "row"}, h("span", {class: `src-key src-${sourceKind(t)}`}), " " + human(t)),
    ids.map((id) => {
      const row = cmp.sourcing.articles[id];
      const list = row.sources.filter((s) => s.type === t);
      return h("td", {}, h("div", {class: "mentions"}, String(row.by_type[t] || 0)),
        h("ul", {class: "chips"}, list.map((s) => h("li", {class: "chip" + (s.only_this_article ? " unique" : "")},
          link(id, s.span, s.name), h("span", {class: "voices"}, ` ${s.cue}`),
          s.only_this_article ? h("span", {class: "flag", title: "only this article cites this source"}, " ✱") : "")),
          t === "vague" ? row.vague_cues.map((v) => h("li", {class: "chip"}, link(id, v.span, v.cue))) : []));
    })));
  srcRows.push(h("tr", {}, h("th", {scope: "row"}, "unattributed assertive share"),
    ids.map((id) => h("td", {class: "num"}, pct(cmp.sourcing.articles[id].unattributed_assertive_share)))));
  const sourcing = h("table", {class: "compare"}, h("caption", {}, "Who is cited (✱ cited by this article only)"), head("source type"), h("tbody", {}, srcRows));

  // figures
  const figures = h("table", {class: "compare"}, h("caption", {}, "Figures by what they count (⚠ divergent across articles)"), head("counts"),
    h("tbody", {}, cmp.figures.map((g) => h("tr", {class: g.divergent ? "divergent" : ""},
      h("th", {scope: "row"}, human(g.category), g.divergent ? h("span", {class: "warn"}, ` ⚠ divergent (${g.range[0]}–${g.range[1]})`) : ""),
      ids.map((id) => h("td", {}, h("ul", {class: "chips"}, (g.articles[id] || []).map((c) =>
        h("li", {class: "chip" + (c.unattributed ? " unattributed" : "")}, link(id, c, c.text),
          h("span", {class: "voices"}, c.unattributed ? " unattributed" : c.attributed_to ? ` per ${c.attributed_to}` : ` ${human(c.source_type || "")}`))))))))));

  // framing features side by side
  const f = cmp.features;
  const features = h("table", {class: "compare side"}, h("caption", {}, "Framing features side by side" + (f.reference ? ` (percentile in ${f.reference})` : "")),
    head("feature"), h("tbody", {}, f.names.map((n) => h("tr", {}, h("th", {scope: "row"}, h("span", {class: "group"}, n.split(".")[0]), " " + human(n.split(".")[1])),
      ids.map((id) => {
        const v = f.values[id][n];
        const p = f.percentiles ? f.percentiles[id][n] : null;
        return h("td", {class: "num"}, v === null ? "—" : (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)),
          p !== null && p !== undefined ? h("span", {class: "note"}, ` p${Math.round(p)}`) : "");
      })))));

  // summary
  const summary = h("section", {class: "card"}, h("h3", {}, "Summary"),
    h("p", {class: "note"}, "Template sentences from the tables below; each cites the spans it rests on."),
    h("ul", {class: "summary"}, cmp.summary.map((pt) => h("li", {}, pt.text, " ",
      h("span", {class: "refs"}, pt.refs.map((ref, k) => link(ref.article, ref, `[${position[ref.article]}.${k + 1}]`)))))));

  panel.append(story, summary, h("section", {class: "card wide"}, actors), h("section", {class: "card wide"}, sourcing),
    h("section", {class: "card wide"}, figures), h("section", {class: "card wide"}, features));
}

function pct(v) {
  return v === null || v === undefined ? "—" : `${Math.round(100 * v)}%`;
}
