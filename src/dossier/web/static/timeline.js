"use strict";
// The timeline: events on a zoomable time axis, spans drawn as spans, coloured by type.
(function () {
  const D = window.dossier;
  const DAY = 86400000;
  const box = document.getElementById("timeline");
  if (!box) return;
  const LANE = 14, TOP = 26, LEFT = 8;
  let events = [], full = null, view = null, lanes = 0;

  function time(iso) { return Date.parse(iso + "T00:00:00Z"); }

  function layout(list) {
    // Greedy lanes: each event takes the first lane free at its start.
    const ends = [];
    for (const e of list) {
      let lane = ends.findIndex((end) => end < e.t0);
      if (lane < 0) { lane = ends.length; ends.push(0); }
      ends[lane] = e.t1 + (e.t1 - e.t0 < DAY ? 20 * DAY : DAY);
      e.lane = lane;
    }
    return ends.length;
  }

  function ticks(t0, t1) {
    const span = (t1 - t0) / DAY;
    const out = [];
    const start = new Date(t0);
    let y = start.getUTCFullYear(), m = start.getUTCMonth();
    const step = span > 365 * 40 ? 120 : span > 365 * 12 ? 24 : span > 365 * 3 ? 12 : span > 400 ? 3 : 1;
    m = step >= 12 ? 0 : m - (m % step);
    for (let guard = 0; guard < 200; guard++) {
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      if (t >= t0) out.push({ t, label: step >= 12 ? String(y) : y + "-" + String(m + 1).padStart(2, "0") });
      m += step;
      while (m >= 12) { m -= 12; y += 1; }
    }
    return out;
  }

  function draw() {
    box.textContent = "";
    const width = Math.max(box.clientWidth, 300);
    const height = TOP + lanes * LANE + 20;
    const root = D.svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, "aria-hidden": "false" }, box);
    const x = (t) => LEFT + ((t - view[0]) / (view[1] - view[0])) * (width - 2 * LEFT);
    const axis = D.svg("g", { class: "axis" }, root);
    for (const tick of ticks(view[0], view[1])) {
      D.svg("line", { x1: x(tick.t), x2: x(tick.t), y1: 16, y2: height, stroke: "#e0e4ea" }, axis);
      D.svg("text", { x: x(tick.t) + 2, y: 12 }, axis).textContent = tick.label;
    }
    let shown = 0;
    for (const e of events) {
      if (e.t1 < view[0] || e.t0 > view[1]) continue;
      shown++;
      const link = D.svg("a", { href: "/events/" + encodeURIComponent(e.id), class: "tl-event" }, root);
      const y = TOP + e.lane * LANE;
      const x0 = x(e.t0), x1 = x(e.t1 + DAY);
      const color = D.colorOf(e.type);
      if (e.t1 > e.t0) {
        D.svg("rect", { x: x0, y, width: Math.max(x1 - x0, 3), height: LANE - 4, rx: 3,
          fill: color, "fill-opacity": 0.35, stroke: color, class: "tl-span" }, link);
      } else {
        D.svg("circle", { cx: x0, cy: y + (LANE - 4) / 2, r: 5, fill: color, class: "tl-point" }, link);
      }
      const who = (e.actor_names || []).join(", ") || "?";
      D.title(link, `${e.type} ${e.start}${e.end !== e.start ? ".." + e.end : ""} (${e.precision}): ${who}`);
    }
    const range = document.getElementById("timeline-range");
    if (range) {
      const day = (t) => new Date(t).toISOString().slice(0, 10);
      range.textContent = `${day(view[0])} to ${day(view[1])}: ${shown} of ${events.length} events`;
    }
    box.dataset.shown = String(shown);
  }

  function zoom(factor, at) {
    const center = at === undefined ? (view[0] + view[1]) / 2 : at;
    let t0 = center - (center - view[0]) * factor;
    let t1 = center + (view[1] - center) * factor;
    if (t1 - t0 < 7 * DAY) return;
    if (t1 - t0 > full[1] - full[0]) { t0 = full[0]; t1 = full[1]; }
    view = [t0, t1];
    draw();
  }

  function focus() {
    // The buttons zoom on the middle event in view, where the events are.
    const inside = events.filter((e) => e.t1 >= view[0] && e.t0 <= view[1]);
    if (!inside.length) return undefined;
    const mid = inside[Math.floor(inside.length / 2)];
    return Math.min(Math.max((mid.t0 + mid.t1) / 2, view[0]), view[1]);
  }

  function legend() {
    const holder = document.getElementById("timeline-legend");
    const types = [...new Set(events.map((e) => e.type))].sort();
    for (const type of types) {
      const span = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = D.colorOf(type);  // CSSOM, allowed by the policy
      span.appendChild(swatch);
      span.appendChild(document.createTextNode(" " + type + "  "));
      holder.appendChild(span);
    }
  }

  D.getJSON("/api/timeline" + D.query(box)).then((data) => {
    events = data.events.filter((e) => e.start).map((e) => Object.assign(e, {
      t0: time(e.start), t1: time(e.end || e.start)
    }));
    events.sort((a, b) => a.t0 - b.t0 || b.t1 - a.t1);
    const list = document.getElementById("timeline-list");
    for (const e of events) {
      D.item(list, "/events/" + encodeURIComponent(e.id),
        `${e.start}${e.end !== e.start ? ".." + e.end : ""} ${e.type}: ${(e.actor_names || []).join(", ") || "?"}`);
    }
    if (!events.length) { box.textContent = "No dated events match."; return; }
    lanes = layout(events);
    const pad = Math.max((events[events.length - 1].t1 - events[0].t0) * 0.02, 30 * DAY);
    full = [Math.min(...events.map((e) => e.t0)) - pad, Math.max(...events.map((e) => e.t1)) + pad];
    view = full.slice();
    legend();
    draw();
  }).catch((error) => D.fail(box, error));

  document.getElementById("zoom-in").addEventListener("click", () => view && zoom(0.5, focus()));
  document.getElementById("zoom-out").addEventListener("click", () => view && zoom(2, focus()));
  document.getElementById("zoom-reset").addEventListener("click", () => { if (full) { view = full.slice(); draw(); } });
  box.addEventListener("wheel", (event) => {
    if (!view) return;
    event.preventDefault();
    const rect = box.getBoundingClientRect();
    const at = view[0] + ((event.clientX - rect.left - LEFT) / (rect.width - 2 * LEFT)) * (view[1] - view[0]);
    zoom(event.deltaY < 0 ? 0.8 : 1.25, at);
  }, { passive: false });
  let drag = null;
  box.addEventListener("pointerdown", (event) => { if (view) drag = { x: event.clientX, view: view.slice() }; });
  window.addEventListener("pointerup", () => { drag = null; });
  box.addEventListener("pointermove", (event) => {
    if (!drag || Math.abs(event.clientX - drag.x) < 4) return;
    const shift = ((event.clientX - drag.x) / box.clientWidth) * (drag.view[1] - drag.view[0]);
    view = [drag.view[0] - shift, drag.view[1] - shift];
    draw();
  });
  window.addEventListener("resize", () => view && draw());
})();
