"use strict";
// The network: actors as nodes (sized by events, coloured by sector), events between
// them as edges (red: conflict, green: cooperation). A small force layout, run once.
(function () {
  const D = window.dossier;
  const box = document.getElementById("network");
  if (!box) return;
  const MAX_NODES = 150;

  function layout(nodes, edges, width, height) {
    const n = nodes.length;
    nodes.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(n, 1);
      node.x = width / 2 + Math.cos(angle) * width * 0.3;
      node.y = height / 2 + Math.sin(angle) * height * 0.3;
    });
    const k = Math.sqrt((width * height) / Math.max(n, 1)) * 0.6;
    const gravity = 0.3 * Math.sqrt(n);  // strong enough to keep loose nodes off the edges
    for (let step = 0; step < 300; step++) {
      const heat = (1 - step / 300) * k * 0.5;
      for (const a of nodes) { a.dx = 0; a.dy = 0; }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          const dist = Math.max(Math.hypot(dx, dy), 0.01);
          const force = (k * k) / dist;
          dx /= dist; dy /= dist;
          a.dx += dx * force; a.dy += dy * force;
          b.dx -= dx * force; b.dy -= dy * force;
        }
      }
      for (const e of edges) {
        const a = e.a, b = e.b;
        let dx = a.x - b.x, dy = a.y - b.y;
        const dist = Math.max(Math.hypot(dx, dy), 0.01);
        const force = (dist * dist) / k;
        dx /= dist; dy /= dist;
        a.dx -= dx * force; a.dy -= dy * force;
        b.dx += dx * force; b.dy += dy * force;
      }
      for (const a of nodes) {
        a.dx += (width / 2 - a.x) * gravity;
        a.dy += ((height / 2 - a.y) * gravity * width) / height;
        const move = Math.max(Math.hypot(a.dx, a.dy), 0.01);
        a.x += (a.dx / move) * Math.min(move, heat);
        a.y += (a.dy / move) * Math.min(move, heat);
        a.x = Math.min(width - 20, Math.max(20, a.x));
        a.y = Math.min(height - 20, Math.max(20, a.y));
      }
    }
  }

  function draw(data) {
    const width = Math.max(box.clientWidth, 300);
    const height = Math.max(Math.min(width * 0.7, 700), 320);
    const nodes = data.nodes.slice(0, MAX_NODES);
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const edges = data.edges.filter((e) => byId.has(e.source) && byId.has(e.target))
      .map((e) => Object.assign({}, e, { a: byId.get(e.source), b: byId.get(e.target) }));
    layout(nodes, edges, width, height);
    const root = D.svg("svg", { width, height, viewBox: `0 0 ${width} ${height}` }, box);
    const lines = D.svg("g", {}, root);
    for (const e of edges) {
      const line = D.svg("line", { x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y,
        stroke: e.kind === "cooperation" ? "#2e7d32" : "#c62828",
        "stroke-width": Math.min(1 + e.events, 6), "stroke-opacity": 0.6 }, lines);
      D.title(line, `${e.a.name} → ${e.b.name}: ${e.events} events (${e.types.join(", ")}), score ${e.score}`);
    }
    const top = Math.max(...nodes.map((node) => node.events), 1);
    for (const node of nodes) {
      const link = D.svg("a", { href: "/actors/" + encodeURIComponent(node.id), class: "node",
        "data-id": node.id, "aria-label": `${node.name}: ${node.events} events` }, root);
      const r = 4 + 14 * Math.sqrt(node.events / top);
      D.svg("circle", { cx: node.x, cy: node.y, r, fill: D.colorOf(node.sector || node.kind),
        stroke: "#fff", "stroke-width": 1.5 }, link);
      D.title(link, `${node.name} (${node.sector || node.kind || "unknown"}): ${node.events} events`);
      if (r > 7 || nodes.length < 30) {
        D.svg("text", { x: node.x + r + 2, y: node.y + 4 }, link).textContent = node.name;
      }
    }
    box.dataset.nodes = String(nodes.length);
  }

  D.getJSON("/api/network" + D.query(box)).then((data) => {
    const list = document.getElementById("network-list");
    for (const node of data.nodes) {
      D.item(list, "/actors/" + encodeURIComponent(node.id), `${node.name} (${node.events})`);
    }
    if (!data.nodes.length) { box.textContent = "No actors match."; return; }
    draw(data);
  }).catch((error) => D.fail(box, error));
})();
