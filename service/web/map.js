// The reference map, hand-drawn in SVG: every corpus article as a point, the analysed
// article(s) as stars, the nearest outlets labelled at the centre of their articles.
// Each colour comes with its own marker shape, so the map reads without colour too.

const NS = "http://www.w3.org/2000/svg";
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"];
export const SHAPES = ["circle", "square", "triangle", "diamond", "cross", "invtriangle", "plus"];
const W = 560, H = 420, PAD = 30;

export function shapePath(shape, x, y, r) {
  const t = r * 1.2;
  switch (shape) {
    case "square": return `M${x - r},${y - r}h${2 * r}v${2 * r}h${-2 * r}z`;
    case "triangle": return `M${x},${y - t}L${x + t},${y + r}L${x - t},${y + r}z`;
    case "invtriangle": return `M${x},${y + t}L${x + t},${y - r}L${x - t},${y - r}z`;
    case "diamond": return `M${x},${y - t}L${x + t},${y}L${x},${y + t}L${x - t},${y}z`;
    case "cross": return `M${x - r},${y - r}L${x + r},${y + r}M${x + r},${y - r}L${x - r},${y + r}`;
    case "plus": return `M${x - t},${y}H${x + t}M${x},${y - t}V${y + t}`;
    case "star": {
      let d = "";
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + i * Math.PI / 5, rr = i % 2 ? r * 0.45 : r;
        d += (i ? "L" : "M") + (x + rr * Math.cos(a)).toFixed(1) + "," + (y + rr * Math.sin(a)).toFixed(1);
      }
      return d + "z";
    }
    default: return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
}

const isLine = (shape) => shape === "cross" || shape === "plus";

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function markerSvg(shape, colour, size = 14) {
  const svg = el("svg", {width: size, height: size, viewBox: `0 0 ${size} ${size}`, "aria-hidden": "true", class: "marker"});
  const c = size / 2;
  svg.appendChild(el("path", {d: shapePath(shape, c, c, size / 2 - 2.5),
    fill: isLine(shape) ? "none" : colour, stroke: isLine(shape) ? colour : "#222",
    "stroke-width": isLine(shape) ? 2 : 0.6}));
  return svg;
}

/** Groups of points for a colouring: [{name, colour, shape, test(point)}] + "other". */
function groupsFor(mode, data, nearestOutlets) {
  if (mode === "outlets") {
    return nearestOutlets.slice(0, PALETTE.length).map((o, i) => ({
      name: o.outlet, colour: PALETTE[i], shape: SHAPES[i], test: (p) => p.outlet === o.outlet}));
  }
  const classes = data.labels[mode] || [];
  return classes.slice(0, PALETTE.length).map((c, i) => ({
    name: `${mode}: ${c}`, colour: PALETTE[i], shape: SHAPES[i], test: (p) => p.labels[mode] === c}));
}

/**
 * Draw the map into `host`. `data` is GET /v1/references/{name}/map; `articles` are
 * [{id, x, y, current}] (the analysed articles); `nearestOutlets` from the placement.
 */
export function drawMap(host, data, articles, nearestOutlets, mode) {
  const pts = data.points;
  const xs = pts.map((p) => p.x).concat(articles.map((a) => a.x));
  const ys = pts.map((p) => p.y).concat(articles.map((a) => a.y));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)], [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x) => PAD + (x - x0) / ((x1 - x0) || 1) * (W - 2 * PAD);
  const sy = (y) => H - PAD - (y - y0) / ((y1 - y0) || 1) * (H - 2 * PAD);

  const groups = groupsFor(mode, data, nearestOutlets);
  const current = articles.find((a) => a.current);
  const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, class: "map", role: "img",
    "aria-label": `Reference map of ${pts.length} ${data.name} articles` +
      (current ? `; this article at (${current.x.toFixed(2)}, ${current.y.toFixed(2)})` : "")});
  svg.appendChild(el("rect", {x: 0, y: 0, width: W, height: H, class: "map-bg"}));
  // zero lines
  if (x0 < 0 && x1 > 0) svg.appendChild(el("line", {x1: sx(0), x2: sx(0), y1: PAD / 2, y2: H - PAD / 2, class: "axis0"}));
  if (y0 < 0 && y1 > 0) svg.appendChild(el("line", {x1: PAD / 2, x2: W - PAD / 2, y1: sy(0), y2: sy(0), class: "axis0"}));

  const others = el("g", {class: "pts-other"});
  const coloured = groups.map(() => el("g"));
  for (const p of pts) {
    const k = groups.findIndex((g) => g.test(p));
    const title = el("title", {}, `${p.title || p.id}${p.outlet ? " — " + p.outlet : ""}` +
      Object.entries(p.labels).map(([l, c]) => `\n${l}: ${c}`).join(""));
    if (k < 0) {
      const c = el("circle", {cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: 2.2, class: "pt-other"});
      c.appendChild(title);
      others.appendChild(c);
    } else {
      const g = groups[k];
      const path = el("path", {d: shapePath(g.shape, sx(p.x), sy(p.y), mode === "outlets" ? 4 : 3),
        fill: isLine(g.shape) ? "none" : g.colour, stroke: isLine(g.shape) ? g.colour : "#222",
        "stroke-width": isLine(g.shape) ? 1.8 : 0.5, "fill-opacity": 0.85, class: "pt"});
      path.appendChild(title);
      coloured[k].appendChild(path);
    }
  }
  svg.appendChild(others);
  coloured.forEach((g) => svg.appendChild(g));

  // nearest outlets labelled at the centre of their articles; labels are placed greedily
  // where they overlap neither each other nor the analysed articles' stars
  const labels = el("g", {class: "outlet-labels"});
  const taken = articles.map((a) => ({x: sx(a.x) - 12, y: sy(a.y) - 12, w: 100, h: 24}));
  const free = (b) => b.x >= 2 && b.x + b.w <= W - 2 && b.y >= 2 && b.y + b.h <= H - 20 &&
    taken.every((t) => b.x + b.w < t.x || t.x + t.w < b.x || b.y + b.h < t.y || t.y + t.h < b.y);
  nearestOutlets.forEach((o, i) => {
    const mine = pts.filter((p) => p.outlet === o.outlet);
    if (!mine.length) return;
    const cx = sx(mine.reduce((s, p) => s + p.x, 0) / mine.length);
    const cy = sy(mine.reduce((s, p) => s + p.y, 0) / mine.length);
    const text = `${i + 1}. ${o.outlet}`;
    const w = text.length * 6.4 + 4, hgt = 14;
    let box = null;
    for (const d of [8, 22, 40, 60, 85, 115, 150]) {
      for (const [dx, dy] of [[1, -1], [1, 1], [-1, -1], [-1, 1], [0, -1.4], [0, 1.4], [1.4, 0], [-1.4, 0]]) {
        const bx = dx > 0 ? cx + dx * d : dx < 0 ? cx + dx * d - w : cx - w / 2;
        const by = dy > 0 ? cy + dy * d : dy < 0 ? cy + dy * d - hgt : cy - hgt / 2;
        const cand = {x: bx, y: by, w, h: hgt};
        if (free(cand)) { box = cand; break; }
      }
      if (box) break;
    }
    box = box || {x: cx + 6, y: cy - hgt - 4, w, h: hgt};
    taken.push(box);
    const ax = Math.max(box.x, Math.min(cx, box.x + box.w)), ay = Math.max(box.y, Math.min(cy, box.y + box.h));
    labels.appendChild(el("line", {x1: cx, y1: cy, x2: ax, y2: ay, class: "leader"}));
    labels.appendChild(el("circle", {cx, cy, r: 3.5, class: "centroid"}));
    labels.appendChild(el("text", {x: box.x + 2, y: box.y + hgt - 3, class: "outlet-label"}, text));
  });
  svg.appendChild(labels);

  for (const a of articles) {
    const g = el("g", {class: "article-pt" + (a.current ? " current" : ""), "data-article": a.id});
    g.appendChild(el("path", {d: shapePath("star", sx(a.x), sy(a.y), a.current ? 11 : 8)}));
    g.appendChild(el("text", {x: sx(a.x) + 12, y: sy(a.y) + 4, class: "article-label"},
      a.current ? "this article" : a.id));
    g.appendChild(el("title", {}, `${a.current ? "This article" : "Article " + a.id} (${a.x.toFixed(2)}, ${a.y.toFixed(2)})`));
    svg.appendChild(g);
  }

  svg.appendChild(el("text", {x: W - PAD, y: H - 8, class: "axis-label", "text-anchor": "end"}, "axis 1 →"));
  svg.appendChild(el("text", {x: 12, y: PAD, class: "axis-label", "text-anchor": "end",
    transform: `rotate(-90 12 ${PAD})`}, "axis 2 →"));
  const axis = (ax, i) => {
    const top = (ax.loadings || []).slice(0, 3).map((l) => `${l.weight > 0 ? "+" : "−"} ${l.feature.replace(/_/g, " ")}`);
    return `Axis ${i + 1} (${Math.round(100 * ax.explained_variance)}% of the variance): ${top.join(", ")}.`;
  };
  const axes = document.createElement("p");
  axes.className = "note axes";
  axes.textContent = data.axes.map(axis).join(" ");
  const legend = document.createElement("ul");
  legend.className = "legend map-legend";
  const item = (marker, text) => {
    const li = document.createElement("li");
    li.append(marker, " " + text);
    legend.appendChild(li);
  };
  for (const g of groups) item(markerSvg(g.shape, g.colour), g.name);
  item(markerSvg("circle", "#bbb", 10), "other corpus articles");
  const star = markerSvg("star", "#F0E442", 16);
  item(star, "analysed article" + (articles.length > 1 ? "s" : ""));
  host.replaceChildren(svg, legend, axes);
}
