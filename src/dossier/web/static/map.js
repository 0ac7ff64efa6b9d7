"use strict";
// The map: country outlines (world-atlas, served from node_modules) in an
// equirectangular projection, events as markers, clustered on a pixel grid when dense.
// Places known only to the country, region or document get a dashed ring.
(function () {
  const D = window.dossier;
  const box = document.getElementById("map");
  if (!box) return;
  const CELL = 36;
  let events = [], countries = [], view = { x: 0, y: 15, scale: 1 };

  function project(lon, lat, width, height) {
    const unit = (width / 360) * view.scale;
    return [width / 2 + (lon - view.x) * unit, height / 2 - (lat - view.y) * unit];
  }

  function ring(coords, width, height) {
    let d = "";
    coords.forEach(([lon, lat], i) => {
      const [x, y] = project(lon, lat, width, height);
      d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
    });
    return d + "Z";
  }

  function shape(geometry, width, height) {
    if (!geometry) return "";
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map((poly) => poly.map((r) => ring(r, width, height)).join("")).join("");
  }

  function clusters(width, height) {
    const cells = new Map();
    for (const e of events) {
      const [x, y] = project(e.lon, e.lat, width, height);
      if (x < -CELL || y < -CELL || x > width + CELL || y > height + CELL) continue;
      const key = Math.floor(x / CELL) + ":" + Math.floor(y / CELL);
      const cell = cells.get(key) || { x: 0, y: 0, items: [] };
      cell.x += x; cell.y += y; cell.items.push(e);
      cells.set(key, cell);
    }
    return [...cells.values()].map((c) => ({ x: c.x / c.items.length, y: c.y / c.items.length, items: c.items }));
  }

  function draw() {
    box.textContent = "";
    const width = Math.max(box.clientWidth, 300);
    const height = Math.round(width * 0.5);
    const root = D.svg("svg", { width, height, viewBox: `0 0 ${width} ${height}` }, box);
    D.svg("rect", { width, height, fill: "#eaf2fb" }, root);
    const grid = D.svg("g", { stroke: "#cfdcec", "stroke-width": 0.5, fill: "none" }, root);
    for (let lon = -180; lon <= 180; lon += 30) {
      const [x1, y1] = project(lon, 90, width, height), [x2, y2] = project(lon, -90, width, height);
      D.svg("line", { x1, y1, x2, y2 }, grid);
    }
    for (let lat = -60; lat <= 60; lat += 30) {
      const [x1, y1] = project(-180, lat, width, height), [x2, y2] = project(180, lat, width, height);
      D.svg("line", { x1, y1, x2, y2 }, grid);
    }
    const land = D.svg("g", { fill: "#f7f5ef", stroke: "#9aa5b1", "stroke-width": 0.6 }, root);
    for (const country of countries) {
      const path = D.svg("path", { d: shape(country.geometry, width, height) }, land);
      if (country.properties && country.properties.name) D.title(path, country.properties.name);
    }
    let markers = 0;
    for (const cluster of clusters(width, height)) {
      const first = cluster.items[0];
      const many = cluster.items.length > 1;
      const href = many ? null : "/events/" + encodeURIComponent(first.id);
      const group = D.svg(href ? "a" : "g", { class: many ? "cluster" : "marker", href }, root);
      const r = many ? 8 + Math.min(Math.sqrt(cluster.items.length) * 3, 16) : 6;
      D.svg("circle", { cx: cluster.x, cy: cluster.y, r, fill: many ? "#1c55b5" : D.colorOf(first.type),
        "fill-opacity": 0.8, stroke: "#fff", "stroke-width": 1.5 }, group);
      const vague = cluster.items.some((e) => e.precision !== "city");
      if (vague) {
        D.svg("circle", { cx: cluster.x, cy: cluster.y, r: r + 5, fill: "none", stroke: "#1c55b5",
          "stroke-dasharray": "3 3", "stroke-width": 1 }, group);
      }
      if (many) {
        const label = D.svg("text", { x: cluster.x, y: cluster.y + 4, "text-anchor": "middle", fill: "#fff" }, group);
        label.textContent = String(cluster.items.length);
        group.addEventListener("click", () => zoom(2.5, cluster.x, cluster.y, width, height));
      }
      const places = [...new Set(cluster.items.map((e) => `${e.place} (${e.precision})`))].slice(0, 5);
      D.title(group, `${cluster.items.length} event${many ? "s" : ""}: ${places.join("; ")}`);
      markers++;
    }
    box.dataset.markers = String(markers);
  }

  function zoom(factor, px, py, width, height) {
    if (px !== undefined) {
      const unit = (width / 360) * view.scale;
      view.x += (px - width / 2) / unit;
      view.y -= (py - height / 2) / unit;
    }
    view.scale = Math.min(Math.max(view.scale * factor, 1), 200);
    draw();
  }

  const outlines = D.getJSON("/vendor/world-atlas/countries-110m.json")
    .then((world) => (window.topojson ? window.topojson.feature(world, world.objects.countries).features : []))
    .catch(() => []);
  Promise.all([D.getJSON("/api/map" + D.query(box)), outlines]).then(([data, shapes]) => {
    events = data.events;
    countries = shapes;
    const list = document.getElementById("map-list");
    for (const e of events) {
      D.item(list, "/events/" + encodeURIComponent(e.id), `${e.date || "undated"} ${e.type} at ${e.place} (${e.precision})`);
    }
    if (events.length) {
      const lons = events.map((e) => e.lon), lats = events.map((e) => e.lat);
      view.x = (Math.min(...lons) + Math.max(...lons)) / 2;
      view.y = (Math.min(...lats) + Math.max(...lats)) / 2;
      const spread = Math.max(Math.max(...lons) - Math.min(...lons), (Math.max(...lats) - Math.min(...lats)) * 2, 10);
      view.scale = Math.min(Math.max(300 / spread, 1), 40);
    }
    box.dataset.ready = "yes";
    draw();
  }).catch((error) => D.fail(box, error));

  const home = Object.assign({}, view);
  document.getElementById("map-in").addEventListener("click", () => zoom(2));
  document.getElementById("map-out").addEventListener("click", () => zoom(0.5));
  document.getElementById("map-reset").addEventListener("click", () => { Object.assign(view, home, { scale: 1 }); draw(); });
  box.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.25 : 0.8);
  }, { passive: false });
  let drag = null;
  box.addEventListener("pointerdown", (event) => { drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y }; });
  window.addEventListener("pointerup", () => { drag = null; });
  box.addEventListener("pointermove", (event) => {
    if (!drag || Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 4) return;
    const unit = (box.clientWidth / 360) * view.scale;
    view.x = drag.vx - (event.clientX - drag.x) / unit;
    view.y = drag.vy + (event.clientY - drag.y) / unit;
    draw();
  });
  window.addEventListener("resize", draw);
})();
