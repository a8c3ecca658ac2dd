// Slant's page: paste or drop articles, analyse them against a reference corpus, look at
// the evidence, the features, the map and (with two or more articles) the comparison.
// Vanilla ES modules, no build step, nothing loaded from outside this server.
import {LAYERS, renderText, attachTooltip, human} from "./text.js";
import {drawMap} from "./map.js";
import {renderComparison} from "./compare.js";
import {h} from "./dom.js";

const $ = (sel, root = document) => root.querySelector(sel);

const state = {features: {}, maps: {}, results: [], comparison: null, layers: {}, mapMode: {}};
for (const l of LAYERS) state.layers[l.key] = l.on;

// ------------------------------------------------------------------ API

async function api(path, body) {
  const headers = {"Accept": "application/json"};
  const token = $("#token").value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  const init = {headers};
  if (body !== undefined) {
    init.method = "POST";
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const resp = await fetch(path, init);
  const data = await resp.json().catch(() => null);
  if (!resp.ok) {
    const detail = data && data.detail ? data.detail : resp.statusText;
    const err = new Error(`${path}: ${resp.status} ${detail}`);
    err.problem = data;
    throw err;
  }
  return data;
}

async function loadCatalogue() {
  try {
    const [refs, feats] = await Promise.all([api("/v1/references"), api("/v1/features")]);
    for (const f of feats.features) state.features[f.name] = f;
    const sel = $("#reference");
    sel.replaceChildren(...refs.references.map((r) =>
      h("option", {value: r.name, selected: r.name === refs.default},
        `${r.name} (${r.n_articles} articles${r.licence ? ", " + r.licence : ""})`)));
    sel.append(h("option", {value: ""}, "none (no placement)"));
    if (!refs.available) sel.value = "";
  } catch (err) {
    showError(err);
  }
}

// ------------------------------------------------------------------ input

let cardCount = 0;
function addCard(text = "", title = "") {
  const node = $("#article-card").content.firstElementChild.cloneNode(true);
  const n = cardCount++;
  const area = $(".a-text", node);
  area.id = `article-${n}`;
  $(".a-text-label", node).setAttribute("for", area.id);
  area.value = text;
  $(".a-title", node).value = title;
  $(".remove", node).addEventListener("click", () => { node.remove(); relabelCards(); });
  $("#articles").appendChild(node);
  relabelCards();
  return node;
}

function relabelCards() {
  const cards = [...document.querySelectorAll(".article-card")];
  cards.forEach((c, i) => {
    $("legend", c).textContent = `Article ${i + 1}`;
    $(".remove", c).hidden = cards.length < 2;
  });
  $("#analyse").textContent = cards.length > 1 ? "Analyse and compare" : "Analyse";
}

async function addFiles(files) {
  for (const file of files) {
    const text = await file.text();
    const empty = [...document.querySelectorAll(".article-card")].find((c) => !$(".a-text", c).value.trim());
    const card = empty || addCard();
    $(".a-text", card).value = text;
    if (!$(".a-title", card).value) $(".a-title", card).value = file.name.replace(/\.[^.]+$/, "");
  }
}

function readCards() {
  const cards = [...document.querySelectorAll(".article-card")];
  const titles = cards.map((c) => $(".a-title", c).value.trim());
  // the comparison names articles by their ids: a short unique title, else "Article N"
  const idOf = (t, i) => (t && t.length <= 60 && titles.filter((x) => x === t).length === 1 ? t : `Article ${i + 1}`);
  return cards.map((c, i) => ({
    id: idOf(titles[i], i),
    text: $(".a-text", c).value,
    title: $(".a-title", c).value.trim() || null,
    outlet: $(".a-outlet", c).value.trim() || null,
  })).filter((a) => a.text.trim());
}

function showError(err) {
  const box = $("#error");
  box.hidden = false;
  box.textContent = err.message;
}

// ------------------------------------------------------------------ run

async function run() {
  $("#error").hidden = true;
  const articles = readCards();
  if (!articles.length) { showError(new Error("Paste an article first.")); return; }
  const reference = $("#reference").value || null;
  const button = $("#analyse");
  button.disabled = true;
  $("#status").textContent = articles.length > 1 ? `Analysing and comparing ${articles.length} articles…` : "Analysing…";
  try {
    const include = reference ? ["spans", "placement"] : ["spans"];
    const jobs = articles.map((a) => api("/v1/analyze", {text: a.text, title: a.title, outlet: a.outlet,
      id: a.id, reference, include}));
    const compareJob = articles.length > 1
      ? api("/v1/compare", {articles: articles.map((a) => ({id: a.id, text: a.text, title: a.title, outlet: a.outlet})), reference})
      : Promise.resolve(null);
    const mapJob = reference ? loadMap(reference) : Promise.resolve(null);
    const results = await Promise.all(jobs);
    state.comparison = await compareJob;
    state.map = await mapJob;
    state.results = results.map((r, i) => ({...r, article: articles[i]}));
    renderResults();
    $("#status").textContent = `Done: ${articles.length} article${articles.length > 1 ? "s" : ""}` +
      (reference ? ` placed against ${reference}.` : ".");
  } catch (err) {
    showError(err);
    $("#status").textContent = "";
  } finally {
    button.disabled = false;
  }
}

async function loadMap(name) {
  if (!state.maps[name]) state.maps[name] = await api(`/v1/references/${encodeURIComponent(name)}/map`);
  return state.maps[name];
}

// ------------------------------------------------------------------ results

function articleName(r) {
  return r.article.id;
}

function renderResults() {
  const tabs = $("#tabs"), panels = $("#panels");
  tabs.replaceChildren();
  panels.replaceChildren();
  const entries = state.results.map((r, i) => ({id: `panel-a${i}`, name: articleName(r), render: (p) => renderArticle(p, r, i)}));
  if (state.comparison) entries.push({id: "panel-compare", name: "Comparison", render: (p) => renderComparison(p, state.comparison, state.results, jumpTo)});
  entries.forEach((e, i) => {
    const tab = h("button", {role: "tab", id: "tab-" + e.id, "aria-controls": e.id, type: "button",
      "aria-selected": String(i === 0), tabindex: i === 0 ? "0" : "-1"}, e.name);
    tab.addEventListener("click", () => selectTab(e.id));
    tabs.append(tab);
    const panel = h("section", {role: "tabpanel", id: e.id, "aria-labelledby": "tab-" + e.id, hidden: i !== 0, class: "result-panel"});
    panels.append(panel);
    e.render(panel);
  });
  tabs.hidden = entries.length < 2;
  $("#results").hidden = false;
}

function selectTab(id) {
  for (const t of document.querySelectorAll("#tabs [role=tab]")) {
    const on = t.getAttribute("aria-controls") === id;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
  }
}

$("#tabs").addEventListener("keydown", (e) => {
  const tabs = [...document.querySelectorAll("#tabs [role=tab]")];
  const i = tabs.indexOf(document.activeElement);
  if (i < 0) return;
  let j = null;
  if (e.key === "ArrowRight") j = (i + 1) % tabs.length;
  else if (e.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
  else if (e.key === "Home") j = 0;
  else if (e.key === "End") j = tabs.length - 1;
  if (j === null) return;
  e.preventDefault();
  selectTab(tabs[j].getAttribute("aria-controls"));
  tabs[j].focus();
});

/** From the comparison: show article `aid`'s text with [start, end) marked and focused. */
function jumpTo(aid, start, end) {
  const i = state.results.findIndex((r) => r.article.id === aid);
  if (i < 0) return;
  selectTab(`panel-a${i}`);
  const r = state.results[i];
  const box = document.querySelector(`#panel-a${i} .article-text`);
  drawText(box, r, {start, end, text: r.article.text.slice(start, end), label: "jump"});
  const target = box.querySelector("mark.l-jump");
  if (target) {
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
  }
}

function visibleSpans(r, extra) {
  const labels = new Set(LAYERS.filter((l) => state.layers[l.key]).flatMap((l) => l.labels));
  labels.add("boilerplate");
  const spans = (r.spans || []).filter((s) => labels.has(s.label));
  if (extra) spans.push(extra);
  return spans;
}

function drawText(box, r, extra) {
  renderText(box, r.article.text, visibleSpans(r, extra));
}

// ---- one article

function renderArticle(panel, r, index) {
  const m = r.meta;
  const textBox = h("div", {class: "article-text", "aria-label": "Article text with highlighted evidence"});
  const toggles = h("fieldset", {class: "layers"}, h("legend", {}, "Layers"),
    LAYERS.map((l) => {
      const box = h("input", {type: "checkbox", checked: state.layers[l.key], "data-layer": l.key});
      box.addEventListener("change", () => {
        state.layers[l.key] = box.checked;
        for (const other of document.querySelectorAll(`input[data-layer="${l.key}"]`)) other.checked = box.checked;
        state.results.forEach((res, k) => drawText(document.querySelector(`#panel-a${k} .article-text`), res));
      });
      return h("label", {class: "layer-toggle"}, box, " " + l.title);
    }));
  const left = h("div", {class: "col-text"},
    h("p", {class: "article-meta"}, `${m.word_count} words · ${m.sentence_count} sentences · language ${m.language}` +
      (r.article.outlet ? ` · ${r.article.outlet}` : "")),
    toggles, legend(), textBox);
  const right = h("div", {class: "col-side"});
  panel.append(h("div", {class: "article-grid"}, left, right));
  drawText(textBox, r);
  attachTooltip(textBox, $("#tooltip"));
  renderSide(right, r, index);
}

function legend() {
  const sw = (cls, text) => h("li", {}, h("mark", {class: "hl swatch hl-start hl-end " + cls, "aria-hidden": "true"}, "abc"), " " + text);
  return h("details", {class: "legend-box", open: true}, h("summary", {}, "Key"),
    h("div", {class: "legend-cols"},
      h("div", {}, h("h4", {}, "Loaded terms (colour and underline by category)"), h("ul", {class: "legend"},
        ["violent_actor_label", "delegitimising", "geopolitical_epithet", "distancing", "emotive", "partisan_label"]
          .map((c) => sw(`hl-loaded cat-${c} voice-author`, human(c)))),
        h("ul", {class: "legend"},
          sw("hl-loaded cat-neutral voice-author", "filled: the author's own voice"),
          sw("hl-loaded cat-neutral voice-quoted", "hatched: quoted"),
          sw("hl-loaded cat-neutral voice-attributed", "cross-hatched: reported speech"))),
      h("div", {}, h("h4", {}, "Attribution (source underlined by type)"), h("ul", {class: "legend"},
        ["named", "anonymous", "vague", "media"].map((k) => sw(`hl-attribution l-attribution-source src-${k}`, `${k} source`)),
        sw("hl-attribution l-attribution-cue src-unknown", "cue (said, claims…)"),
        sw("hl-attribution l-attribution-content src-unknown", "⟨attributed content⟩"))),
      h("div", {}, h("h4", {}, "Other layers"), h("ul", {class: "legend"},
        sw("hl-hedging l-hedge", "hedge (dashed box)"),
        sw("hl-hedging l-booster", "booster (solid box)"),
        sw("hl-numbers l-number-claim", "numeric claim (#)"),
        sw("hl-unattributed l-attribution-unattributed_assertion", "unattributed assertion"),
        sw("l-boilerplate", "boilerplate, not counted")))));
}

function renderSide(right, r, index) {
  const p = r.placement;
  if (!p) {
    right.append(h("p", {class: "note"}, r.meta.placement_reason || "No reference corpus chosen: features without percentiles."));
    right.append(featuresPanel(r, null));
    return;
  }
  const labelBox = h("section", {class: "card"}, h("h3", {}, `Against ${p.model.name}`),
    h("p", {class: "note"}, `${p.model.n_articles} articles, licence ${p.model.licence || "unknown"}.`));
  for (const [name, lab] of Object.entries(p.labels || {})) {
    const probs = Object.entries(lab.probabilities).sort((a, b) => b[1] - a[1]);
    labelBox.append(h("p", {class: "label-line"}, h("strong", {}, `${name}: ${lab.predicted}`), " ",
      probs.map(([c, v]) => `${c} ${v.toFixed(2)}`).join(" · "),
      h("span", {class: "note"}, ` (grouped CV accuracy ${lab.validation.accuracy}` +
        (lab.validation.roc_auc ? `, ROC AUC ${lab.validation.roc_auc}` : "") + ")")));
    if (lab.caution) labelBox.append(h("p", {class: "caution"}, lab.caution));
  }
  const typ = p.typicality;
  labelBox.append(h("p", {class: typ.out_of_domain ? "caution" : "note"},
    `Typicality ${typ.score} (1 = at the corpus centre). ` + (typ.reasons || []).join("; ")));
  right.append(labelBox);

  const mapHost = h("div", {class: "map-host"});
  const modes = [];
  if ((p.nearest_outlets || []).length && state.map.points.some((pt) => pt.outlet)) modes.push(["outlets", "nearest outlets"]);
  for (const l of Object.keys(state.map.labels)) modes.push([l, l]);
  const modeKey = p.model.name;
  if (!state.mapMode[modeKey] && modes.length) state.mapMode[modeKey] = modes[0][0];
  const select = h("select", {"aria-label": "Colour the corpus points by"},
    modes.map(([v, t]) => h("option", {value: v, selected: v === state.mapMode[modeKey]}, t)));
  const draw = () => {
    const arts = state.results.filter((x) => x.placement).map((x, k) => ({
      id: x.article.id, x: x.placement.map.x, y: x.placement.map.y, current: x === r}));
    drawMap(mapHost, state.map, arts, p.nearest_outlets || [], state.mapMode[modeKey]);
  };
  select.addEventListener("change", () => { state.mapMode[modeKey] = select.value; draw(); });
  right.append(h("section", {class: "card"}, h("h3", {}, "Reference map"),
    h("label", {class: "inline"}, "Colour by ", select), mapHost,
    h("p", {class: "note"}, "Each point is a corpus article placed by its framing features (PCA), coloured by its outlet or by its own (gold) label.")));
  draw();

  right.append(h("section", {class: "card"}, h("h3", {}, "Nearest outlets"),
    h("ol", {class: "near"}, (p.nearest_outlets || []).map((o) =>
      h("li", {}, h("strong", {}, o.outlet), ` — distance ${o.distance} (${o.n_articles} articles)`)))),
    h("section", {class: "card"}, h("h3", {}, "Nearest articles by content"),
      h("ol", {class: "near"}, (p.nearest_articles || []).map((a) =>
        h("li", {}, h("span", {class: "near-title"}, a.title || a.id), ` — ${a.outlet || "?"}, similarity ${a.similarity}`,
          h("br"), h("span", {class: "note"}, "differs most in " + a.differs_most.map((d) => d.feature.split(".")[1]).join(", ")))))));
  right.append(featuresPanel(r, p));
}

function featuresPanel(r, p) {
  const names = Object.keys(r.features);
  const z = (n) => (p && p.features[n] && p.features[n].z !== null ? Math.abs(p.features[n].z) : -1);
  names.sort((a, b) => z(b) - z(a) || (r.features[a] === null) - (r.features[b] === null));
  const table = h("table", {class: "features"},
    h("caption", {}, p ? `Every feature with its percentile in ${p.model.name}, most unusual first` : "Every feature"),
    h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "feature"), h("th", {scope: "col", class: "num"}, "value"),
      h("th", {scope: "col"}, "percentile"))),
    h("tbody", {}, names.map((n) => {
      const v = r.features[n];
      const f = p ? p.features[n] : null;
      const spec = state.features[n];
      const pct = f ? f.percentile : null;
      const [group, measure] = n.split(".");
      return h("tr", {title: spec ? `${spec.description}. Higher ⇒ ${spec.higher}` : n, "data-feature": n},
        h("th", {scope: "row"}, h("span", {class: "group g-" + group}, group), " ", human(measure)),
        h("td", {class: "num"}, v === null ? "—" : fmt(v)),
        h("td", {}, v === null ? h("span", {class: "note"}, (r.meta.null_reasons || {})[n] || "not measured") : bar(pct)));
    })));
  return h("section", {class: "card"}, h("h3", {}, "Features"), table);
}

function fmt(v) {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function bar(pct) {
  if (pct === null || pct === undefined) return h("span", {class: "note"}, "—");
  const lo = Math.min(50, pct), hi = Math.max(50, pct);
  const extreme = pct >= 95 || pct <= 5;
  return h("span", {class: "pbar" + (extreme ? " extreme" : ""), role: "img", "aria-label": `percentile ${pct}`},
    h("span", {class: "pfill", style: `left:${lo}%;width:${hi - lo}%`}),
    h("span", {class: "ptick", style: `left:${pct}%`}),
    h("span", {class: "pnum"}, String(Math.round(pct))));
}

// ------------------------------------------------------------------ start

$("#add-article").addEventListener("click", () => $(".a-text", addCard()).focus());
$("#files").addEventListener("change", (e) => addFiles(e.target.files));
$("#analyse").addEventListener("click", run);
const input = $("#input");
input.addEventListener("dragover", (e) => { e.preventDefault(); input.classList.add("dragging"); });
input.addEventListener("dragleave", () => input.classList.remove("dragging"));
input.addEventListener("drop", (e) => {
  e.preventDefault();
  input.classList.remove("dragging");
  if (e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
});
addCard();
loadCatalogue();
