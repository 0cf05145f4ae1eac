// The graph of a position's requirements: position -> required competencies -> their prerequisites, drawn
// with the vendored Cytoscape.js from the JSON embedded in the page (#requirement-graph-data). The drawing is
// aria-hidden: the table right below it (#graph-table) carries the same information for everyone.
(function () {
  "use strict";
  var holder = document.getElementById("requirement-graph");
  var source = document.getElementById("requirement-graph-data");
  if (!holder || !source || typeof cytoscape !== "function") { return; }
  var data = JSON.parse(source.textContent);

  // A layered drawing: columns left to right by depth (the longest path from the position, computed by the
  // server, so that every edge points right). An edge that spans several columns passes through invisible
  // bend points, one per column in between, which take a row there like any node: so no line runs through a
  // box. Within a column, nodes sit near the average row of what points at them (fewer crossings).
  var COLUMN = 320, ROW = 70;
  var byId = {}, columns = [], nodes = data.nodes.slice(), edges = [];
  data.nodes.forEach(function (node) { byId[node.id] = node; });
  data.edges.forEach(function (edge) {
    var classes = edge.kind + (edge.critical ? " critical" : "");
    var first = byId[edge.source].depth, last = byId[edge.target].depth, previous = edge.source;
    for (var depth = first + 1; depth < last; depth++) {
      var bend = { id: edge.id + "-" + depth, depth: depth, kind: "bend", label: "" };
      nodes.push(bend);
      edges.push({ data: { id: bend.id + "-in", source: previous, target: bend.id, label: "" },
                   classes: classes + " part" + (depth === first + 1 ? " trunk" : "") });
      previous = bend.id;
    }
    edges.push({ data: { id: edge.id, source: previous, target: edge.target, label: edge.label },
                 classes: classes + (first + 1 === last ? " trunk" : "") });
  });
  nodes.forEach(function (node) { (columns[node.depth] = columns[node.depth] || []).push(node); });
  var incoming = {};
  edges.forEach(function (edge) { (incoming[edge.data.target] = incoming[edge.data.target] || []).push(edge.data.source); });
  var row = {};
  columns.forEach(function (column) {
    var order = {};
    column.forEach(function (node) {
      var sources = (incoming[node.id] || []).filter(function (id) { return row[id] !== undefined; });
      order[node.id] = sources.length ? sources.reduce(function (sum, id) { return sum + row[id]; }, 0) / sources.length : 0;
    });
    column.sort(function (a, b) {
      return order[a.id] - order[b.id] || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    column.forEach(function (node, index) { row[node.id] = index - (column.length - 1) / 2; });
  });
  var tallest = Math.max.apply(null, columns.map(function (column) { return column ? column.length : 0; }));
  holder.style.height = Math.max(320, Math.min(1600, ROW * tallest + 60)) + "px";

  var elements = nodes.map(function (node) {
    return { group: "nodes", data: node, classes: node.kind + (node.critical ? " critical" : ""),
             position: { x: node.depth * COLUMN, y: row[node.id] * ROW } };
  }).concat(edges.map(function (edge) {
    return { group: "edges", data: edge.data, classes: edge.classes };
  }));

  // Cytoscape inserts a <style> element (position: relative for its container) unless the page has an element
  // with this id; the Content-Security-Policy refuses <style> elements, and the container has Bootstrap's
  // position-relative class instead.
  if (!document.getElementById("__________cytoscape_stylesheet")) {
    var marker = document.createElement("meta");
    marker.id = "__________cytoscape_stylesheet";
    document.head.appendChild(marker);
  }

  var cy = cytoscape({
    container: holder,
    elements: elements,
    userZoomingEnabled: false,  // the page scrolls with the wheel; zoom with the buttons
    boxSelectionEnabled: false,
    autoungrabify: false,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        "shape": "round-rectangle", "label": "data(label)", "text-wrap": "wrap", "text-max-width": "190px",
        "text-valign": "center", "text-halign": "center", "font-size": "12px", "font-family": "system-ui, sans-serif",
        "width": "210px", "height": "48px", "padding": "4px", "color": "#212529",
        "background-color": "#d1e7dd", "border-width": 2, "border-color": "#198754" } },
      { selector: "node.position", style: {
        "background-color": "#146c43", "border-color": "#0f5132", "color": "#ffffff", "font-weight": "bold",
        "font-size": "13px" } },
      { selector: "node.prerequisite", style: {
        "background-color": "#f1f3f5", "border-color": "#6c757d", "border-style": "dashed" } },
      { selector: "node.critical", style: { "border-color": "#dc3545", "border-width": 3 } },
      { selector: "edge", style: {
        "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1.5, "arrow-scale": 1.1,
        "line-color": "#6c757d", "target-arrow-color": "#6c757d", "label": "data(label)", "font-size": "11px",
        "color": "#343a40", "text-background-color": "#ffffff", "text-background-opacity": 1,
        "text-background-padding": "2px", "text-rotation": "none" } },
      { selector: "edge.requires", style: { "line-color": "#198754", "target-arrow-color": "#198754" } },
      { selector: "edge.critical", style: { "line-color": "#dc3545", "target-arrow-color": "#dc3545", "width": 2.5 } },
      { selector: "edge.prerequisite", style: { "line-style": "dashed" } },
      { selector: "edge.part", style: { "target-arrow-shape": "none" } },
      // Out of the position: a "bus" (out, down or up, then across), so that no line cuts a box of the first
      // column.
      { selector: "edge.requires.trunk", style: {
        "curve-style": "taxi", "taxi-direction": "rightward", "taxi-turn": "55px", "label": "",
        "target-label": "data(label)", "target-text-offset": 34, "target-text-margin-y": -8 } },
      { selector: "node.bend", style: {
        "shape": "ellipse", "width": 1, "height": 1, "padding": 0, "border-width": 0, "opacity": 0, "events": "no" } },
      { selector: ".faded", style: { "opacity": 0.25 } },
      { selector: "node.bend.faded", style: { "opacity": 0 } }
    ],
    layout: { name: "preset", fit: false }
  });

  function fitView() {  // everything in view, but never enlarged beyond natural size
    cy.fit(undefined, 16);
    if (cy.zoom() > 1) {
      cy.zoom(1);
      cy.center();
    }
  }
  fitView();

  // Hovering a node highlights it and its direct neighbours; clicking a competency opens its page.
  cy.on("mouseover", "node", function (event) {
    var keep = event.target.closedNeighborhood();
    // Follow the lines through bend points up to the boxes at their ends.
    for (var more = keep.nodes(".bend"); more.length; more = more.closedNeighborhood().nodes(".bend").not(keep)) {
      keep = keep.union(more.closedNeighborhood());
    }
    cy.elements().not(keep).addClass("faded");
  });
  cy.on("mouseout", "node", function () { cy.elements().removeClass("faded"); });
  cy.on("tap", "node", function (event) {
    var url = event.target.data("url");
    if (url) { window.location.assign(url); }
  });

  var toolbar = document.getElementById("requirement-graph-toolbar");
  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-graph-action");
      var centre = { x: holder.clientWidth / 2, y: holder.clientHeight / 2 };
      if (action === "zoom-in") { cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: centre }); }
      if (action === "zoom-out") { cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: centre }); }
      if (action === "fit") { fitView(); }
    });
  }
}());
