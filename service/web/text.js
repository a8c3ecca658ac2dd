// The article text with its evidence spans drawn over it.
// Every span boundary splits the text; spans that contain one another become nested
// elements, and a span that crosses another is drawn in pieces that share one id
// (only the first piece takes keyboard focus).

export const LAYERS = [
  {key: "loaded", title: "Loaded terms", labels: ["loaded_term"], on: true},
  {key: "hedging", title: "Hedges and boosters", labels: ["hedge", "booster"], on: true},
  {key: "attribution", title: "Attribution", labels: ["attribution.content", "attribution.source", "attribution.cue"], on: true},
  {key: "numbers", title: "Numeric claims", labels: ["number.claim"], on: true},
  {key: "unattributed", title: "Unattributed assertions", labels: ["attribution.unattributed_assertion"], on: false},
];

// Equal ranges nest in this order (outermost first).
const ORDER = ["attribution.unattributed_assertion", "attribution.content", "number.claim",
  "attribution.source", "attribution.cue", "loaded_term", "hedge", "booster", "jump", "boilerplate"];

const LABEL_NAMES = {
  loaded_term: "loaded term", hedge: "hedge", booster: "booster",
  "attribution.source": "source", "attribution.cue": "attribution cue",
  "attribution.content": "attributed content", "number.claim": "numeric claim",
  "attribution.unattributed_assertion": "unattributed assertion", boilerplate: "boilerplate (not counted)",
  jump: "linked from the comparison",
};
const VOICES = {author: "author's voice", quoted: "quoted voice", attributed: "attributed (reported speech)"};

export function sourceKind(type) {
  if (!type) return "unknown";
  if (type.startsWith("named")) return "named";
  if (type === "anonymous" || type === "vague") return type;
  if (type.startsWith("media")) return "media";
  return "unknown";
}

export const human = (s) => String(s).replace(/_/g, " ");

function layerOf(label) {
  for (const layer of LAYERS) if (layer.labels.includes(label)) return layer.key;
  return label;
}

function classesFor(span) {
  const c = ["hl", "hl-" + layerOf(span.label), "l-" + span.label.replace(/\./g, "-")];
  if (span.label === "loaded_term") c.push("cat-" + span.category, "voice-" + (span.voice || "author"));
  if (span.label.startsWith("attribution.") && span.label !== "attribution.unattributed_assertion")
    c.push("src-" + sourceKind(span.source_type));
  return c.join(" ");
}

// One line per fact a reader needs: what, which category, whose voice, who speaks.
export function describe(span) {
  const parts = [LABEL_NAMES[span.label] || span.label];
  if (span.label === "number.claim") {
    if (span.category) parts.push(human(span.category));
  } else if (span.category && span.category !== span.label) parts.push(human(span.category));
  if (span.source_type) parts.push("source type: " + human(span.source_type));
  if (span.cue_stance) parts.push("cue: " + human(span.cue_stance));
  if (span.voice) parts.push(VOICES[span.voice] || span.voice);
  if (span.speaker) parts.push("speaker: " + span.speaker);
  if (span.attributed_to) parts.push("attributed to: " + span.attributed_to);
  if (span.qualifier) parts.push("figure: " + human(span.qualifier));
  return parts;
}

export function ariaLabel(span) {
  return `“${span.text}”: ${describe(span).join(", ")}`;
}

/** Render `text` with `spans` into `container` (replacing its content). */
export function renderText(container, text, spans) {
  const items = spans.map((s, i) => ({...s, id: i}))
    .filter((s) => s.end > s.start && s.start >= 0 && s.end <= text.length);
  const rank = (s) => { const k = ORDER.indexOf(s.label); return k < 0 ? ORDER.length : k; };
  const outerFirst = (a, b) => a.start - b.start || b.end - a.end || rank(a) - rank(b);
  const cuts = new Set([0, text.length]);
  for (const s of items) { cuts.add(s.start); cuts.add(s.end); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const startsAt = new Map();
  for (const s of items) {
    if (!startsAt.has(s.start)) startsAt.set(s.start, []);
    startsAt.get(s.start).push(s);
  }
  const frag = document.createDocumentFragment();
  const stack = [{el: frag, span: null}];
  const opened = new Set();
  const last = new Map();
  let active = [];
  for (let b = 0; b < bounds.length - 1; b++) {
    const from = bounds[b], to = bounds[b + 1];
    active = active.filter((s) => s.end > from).concat(startsAt.get(from) || []);
    const live = new Set(active);
    // close from the lowest element that is no longer active
    let keep = 1;
    while (keep < stack.length && live.has(stack[keep].span)) keep++;
    stack.length = keep;
    const inStack = new Set(stack.map((x) => x.span));
    const toOpen = active.filter((s) => !inStack.has(s)).sort(outerFirst);
    for (const s of toOpen) {
      const el = document.createElement("mark");
      el.className = classesFor(s);
      el.dataset.hl = s.id;
      el.dataset.label = s.label;
      el.dataset.start = s.start;
      el.dataset.end = s.end;
      if (s.category) el.dataset.category = s.category;
      if (s.voice) el.dataset.voice = s.voice;
      if (!opened.has(s.id) && s.label !== "boilerplate") {
        el.tabIndex = 0;
        el.setAttribute("role", "button");
        el.setAttribute("aria-label", ariaLabel(s));
        opened.add(s.id);
      } else {
        el.classList.add("piece");
      }
      if (!last.has(s.id)) el.classList.add("hl-start");
      last.set(s.id, el);
      el._span = s;
      stack[stack.length - 1].el.appendChild(el);
      stack.push({el, span: s});
    }
    stack[stack.length - 1].el.appendChild(document.createTextNode(text.slice(from, to)));
  }
  for (const el of last.values()) el.classList.add("hl-end");
  container.replaceChildren(frag);
}

/** Hover and focus show a tooltip with every highlight at that point, innermost first. */
export function attachTooltip(root, tooltip) {
  let current = null;
  const show = (el) => {
    const chain = [];
    for (let n = el; n && n !== root; n = n.parentElement) if (n._span) chain.push(n._span);
    if (!chain.length) return;
    current = el;
    tooltip.replaceChildren(...chain.map((s) => {
      const box = document.createElement("div");
      box.className = "tip-item";
      const q = document.createElement("q");
      q.textContent = s.text.length > 90 ? s.text.slice(0, 87) + "…" : s.text;
      const ul = document.createElement("div");
      ul.textContent = describe(s).join(" · ");
      box.append(q, ul);
      return box;
    }));
    tooltip.hidden = false;
    const r = el.getBoundingClientRect();
    const tw = tooltip.offsetWidth;
    const left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tw - 8));
    tooltip.style.left = left + "px";
    tooltip.style.top = (window.scrollY + r.bottom + 6) + "px";
    for (const p of root.querySelectorAll(`[data-hl="${el.dataset.hl}"]`)) p.classList.add("is-active");
  };
  const hide = () => {
    if (!current) return;
    for (const p of root.querySelectorAll(".is-active")) p.classList.remove("is-active");
    tooltip.hidden = true;
    current = null;
  };
  root.addEventListener("mouseover", (e) => {
    const el = e.target.closest(".hl");
    if (!el || el._span.label === "boilerplate") hide();
    else if (el !== current) { hide(); show(el); }
  });
  root.addEventListener("mouseleave", hide);
  root.addEventListener("focusin", (e) => { if (e.target.classList.contains("hl")) { hide(); show(e.target); } });
  root.addEventListener("focusout", hide);
  root.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
}
