"use strict";
// What the chart scripts share: SVG building, fetching the API, colours, zoom state.
window.dossier = (function () {
  const NS = "http://www.w3.org/2000/svg";
  const TYPE_COLORS = {
    AGREE: "#2e7d32", CONSULT: "#43a047", SUPPORT: "#66bb6a", CONCEDE: "#9ccc65",
    COOPERATE: "#00897b", AID: "#26a69a", RETREAT: "#80cbc4", REQUEST: "#8d6e63",
    ACCUSE: "#fbc02d", REJECT: "#f9a825", THREATEN: "#fb8c00", PROTEST: "#ef6c00",
    SANCTION: "#8e24aa", MOBILIZE: "#5e35b1", COERCE: "#e53935", ASSAULT: "#b71c1c"
  };
  const PALETTE = ["#1c55b5", "#c62828", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f",
    "#6d4c41", "#ad1457", "#558b2f", "#37474f"];

  function svg(tag, attrs, parent) {
    const node = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, String(value));
    }
    if (parent) parent.appendChild(node);
    return node;
  }

  function title(node, text) {
    const t = svg("title", {}, node);
    t.textContent = text;  // textContent: never parsed as markup
    return t;
  }

  function hash(text) {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return Math.abs(h);
  }

  function colorOf(key) {
    if (!key) return "#90a4ae";
    return TYPE_COLORS[key] || PALETTE[hash(key) % PALETTE.length];
  }

  async function getJSON(path) {
    const response = await fetch(path, { credentials: "same-origin" });
    if (!response.ok) throw new Error(path + ": " + response.status);
    return response.json();
  }

  function query(element) {
    const q = element.dataset.query || "";
    return q ? "?" + q : "";
  }

  function item(list, href, text) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.appendChild(a);
    list.appendChild(li);
    return li;
  }

  function fail(element, error) {
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = "Could not load the data: " + error.message;
    element.appendChild(p);
  }

  return { svg, title, colorOf, getJSON, query, item, fail, TYPE_COLORS };
})();
