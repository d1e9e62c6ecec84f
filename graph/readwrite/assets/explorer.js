// unionkg explorer: draws window.KG_DATA with vis-network. An overview of the best-connected
// people and bodies, search with same-name candidates, a focus view (depth, minimum weight) and a
// time range. Text from the corpus only ever goes into the DOM through textContent.
//
// State for tests and benchmarks, as attributes of <body>: data-drawn-nodes, data-drawn-edges,
// data-total (entities of the graph), data-canvas, data-search-found (id or ""),
// data-search-candidates (how many were listed), data-focus (id), data-focus-x/-y (its position),
// data-view-x/-y (the view's centre), data-selected, data-time-filter ("on"/"off"),
// data-time-hidden (edges hidden by the range), data-draw-ms (load to first drawing),
// data-focus-ms (load to the last focus chosen).
(function () {
  "use strict";
  var D = window.KG_DATA;
  var meta = D.meta;
  var rows = D.nodes, positions = D.positions, strings = D.strings;
  // Rows carry dates and titles as indices into strings: resolved once here.
  var erows = D.edges.map(function (e) {
    return e.map(function (v, f) {
      return (f === 4 || f === 5) && v ? v.map(function (s) { return strings[s]; }) : v;
    });
  });
  var F = {}, FE = {};
  meta.node_fields.forEach(function (f, i) { F[f] = i; });
  meta.edge_fields.forEach(function (f, i) { FE[f] = i; });
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var TOP_LABELS = 12;

  var ids = rows.map(function (r) {
    return r[F.id] || (meta.types[r[F.kind]].kind.toLowerCase() + "/" + r[F.name]);
  });
  var rowOf = {};
  ids.forEach(function (id, i) { rowOf[id] = i; });
  var adj = rows.map(function () { return []; });
  var isoOf = erows.map(function (e, k) {
    adj[e[FE.from]].push(k);
    if (e[FE.to] !== e[FE.from]) { adj[e[FE.to]].push(k); }
    return (e[FE.dates] || []).filter(function (d) { return ISO.test(d); });
  });
  // Node size grows with the logarithm of the neighbours in the page: hubs of hundreds stay
  // readable beside the people around them.
  var sizes = adj.map(function (ks, i) {
    var near = {};
    ks.forEach(function (k) { near[erows[k][FE.from] === i ? erows[k][FE.to] : erows[k][FE.from]] = true; });
    return Math.round((6 + 3.5 * Math.log2(1 + Object.keys(near).length)) * 10) / 10;
  });
  var hasDates = isoOf.some(function (ds) { return ds.length > 0; });
  var symmetric = meta.relations.map(function (r) { return r.symmetric; });

  var state = {
    focus: null, depth: 1, minWeight: 1, from: "", to: "",
    types: meta.types.map(function () { return true; }),
    relations: meta.relations.map(function (r) { return !r.hidden; })
  };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function setAttr(name, value) { document.body.setAttribute("data-" + name, String(value)); }

  // --- which edges and nodes pass the filters --------------------------------------------------
  function timeOk(k) {
    if (!state.from && !state.to) { return true; }
    var ds = isoOf[k];
    if (!ds.length) { return true; }  // undated edges stay visible
    return ds.some(function (d) { return (!state.from || d >= state.from) && (!state.to || d <= state.to); });
  }
  function dateOk(d) {
    return !ISO.test(d) || ((!state.from || d >= state.from) && (!state.to || d <= state.to));
  }
  function edgePassesButTime(k) {
    var e = erows[k];
    return state.relations[e[FE.relation]] && e[FE.weight] >= state.minWeight;
  }
  function edgePasses(k) { return edgePassesButTime(k) && timeOk(k); }
  function typeShown(i) { return state.types[rows[i][F.kind]] !== false; }
  function other(k, i) { var e = erows[k]; return e[FE.from] === i ? e[FE.to] : e[FE.from]; }

  // --- layouts ----------------------------------------------------------------------------------
  function overview() {
    var pos = {};
    Object.keys(positions).forEach(function (key) { if (typeShown(+key)) { pos[key] = positions[key]; } });
    return pos;
  }
  // The focus at the centre, its neighbours on a ring, theirs on an outer ring next to the
  // neighbour that reached them; rings ordered by rank so the drawing is the same every time.
  function focusLayout(centre) {
    var level = {}, parent = {}, rings = [[centre]];
    level[centre] = 0;
    for (var depth = 1; depth <= state.depth; depth++) {
      var ring = [], place = {};
      rings[depth - 1].forEach(function (i, n) { place[i] = n; });
      rings[depth - 1].forEach(function (i) {
        adj[i].filter(edgePasses).forEach(function (k) {
          var j = other(k, i);
          if (level[j] === undefined && typeShown(j)) { level[j] = depth; parent[j] = i; ring.push(j); }
        });
      });
      ring.sort(function (a, b) {
        return place[parent[a]] - place[parent[b]] || a - b;
      });
      rings.push(ring);
    }
    // Centred where the overview drew the focus, if it did.
    var origin = positions[centre] || [0, 0];
    var pos = {};
    pos[centre] = origin;
    var radius = 0;
    rings.slice(1).forEach(function (ring) {
      if (!ring.length) { return; }
      radius += Math.max(220, ring.length * 36 / (2 * Math.PI) - radius);
      ring.forEach(function (j, n) {
        var angle = 2 * Math.PI * n / ring.length - Math.PI / 2;
        pos[j] = [Math.round(origin[0] + radius * Math.cos(angle)), Math.round(origin[1] + radius * Math.sin(angle))];
      });
    });
    focusRadius = radius;
    return pos;
  }

  // --- drawing ----------------------------------------------------------------------------------
  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, D.options);
  var drawn = { nodes: 0, edges: 0, timeHidden: 0 };
  var focusRadius = 0;  // of the focus view's outer ring, to zoom so that it fits

  function visNode(i, p) {
    var r = rows[i], t = meta.types[r[F.kind]] || { name: "", color: "#9c9c9c" };
    var n = { id: ids[i], label: r[F.name], x: p[0], y: p[1], color: t.color, size: sizes[i],
      title: r[F.name] + "\n" + t.name + (r[F.context] ? "\n" + r[F.context] : "") + "\n提及 " + r[F.mentions] + " 次" };
    if (i === state.focus) {
      n.size = Math.max(30, sizes[i] * 1.6);
      n.borderWidth = 5;
      n.borderWidthSelected = 6;
      n.color = { background: t.color, border: "#222222", highlight: { background: t.color, border: "#222222" } };
      n.font = { size: 22, bold: true };
    }
    return n;
  }
  function visEdge(k) {
    var e = erows[k], rel = meta.relations[e[FE.relation]], extra = e[FE.extra] || [];
    var w = e[FE.weight];
    return { id: "e" + k, from: ids[e[FE.from]], to: ids[e[FE.to]], color: rel.color,
      width: Math.round((1 + Math.min(w, 9) * 0.5) * 100) / 100,
      arrows: symmetric[e[FE.relation]] ? "" : "to",
      title: rel.name + (extra.length ? ": " + extra.join("、") : "") + " (权重 " + w + ")" +
        (isoOf[k].length ? "\n" + isoOf[k][0] + (isoOf[k].length > 1 ? " – " + isoOf[k][isoOf[k].length - 1] : "") : "") };
  }

  function render() {
    var pos = state.focus === null ? overview() : focusLayout(state.focus);
    var visNodes = [], visEdges = [], seen = {}, timeHidden = 0;
    Object.keys(pos).forEach(function (key) { var i = +key; visNodes.push(visNode(i, pos[key])); });
    Object.keys(pos).forEach(function (key) {
      adj[+key].forEach(function (k) {
        if (seen[k]) { return; }
        seen[k] = true;
        var e = erows[k];
        if (!(e[FE.from] in pos) || !(e[FE.to] in pos) || !edgePassesButTime(k)) { return; }
        if (timeOk(k)) { visEdges.push(visEdge(k)); } else { timeHidden++; }
      });
    });
    visEdges.sort(function (a, b) { return +a.id.slice(1) - +b.id.slice(1); });
    nodes.clear(); edges.clear();
    nodes.add(visNodes); edges.add(visEdges);
    drawn = { nodes: visNodes.length, edges: visEdges.length, timeHidden: timeHidden };
    // Labels wait for the zoom on big views only (overview or focus alike).
    network.setOptions({ nodes: { scaling: { label: {
      drawThreshold: visNodes.length > meta.label_zoom_nodes ? meta.label_zoom : 5 } } } });
    if (state.focus === null) {
      network.unselectAll();
      network.fit({ animation: false });
      // Labels wait for the zoom, but the best-ranked few are readable at once: their font is
      // made just large enough for the overview's scale (the node rows are in rank order).
      var size = Math.ceil((meta.label_zoom + 1) / Math.max(network.getScale(), 0.01));
      nodes.update(visNodes.slice(0, TOP_LABELS).map(function (n) {
        return { id: n.id, font: { size: Math.max(14, size) } };
      }));
    } else {
      var id = ids[state.focus];
      network.selectNodes([id]);
      var at = pos[state.focus];
      var room = Math.min(container.clientWidth, container.clientHeight) / 2 - 60;
      var scale = focusRadius ? Math.min(1.2, Math.max(0.05, room / (focusRadius + 40))) : 1.2;
      network.moveTo({ position: { x: at[0], y: at[1] }, scale: scale, animation: false });
    }
    document.getElementById("overview").hidden = state.focus === null;
    report();
  }

  function report() {
    document.getElementById("shown-count").textContent =
      "显示 " + drawn.nodes + " / " + meta.total + " 个实体" + (state.focus === null && !meta.focus ? "（按会见、任职排序）" : "");
    document.getElementById("status").textContent = "连线 " + drawn.edges + " 条";
    setAttr("drawn-nodes", drawn.nodes);
    setAttr("drawn-edges", drawn.edges);
    setAttr("total", meta.total);
    setAttr("time-hidden", drawn.timeHidden);
    setAttr("time-filter", hasDates ? "on" : "off");
    setAttr("focus", state.focus === null ? "" : ids[state.focus]);
    setAttr("selected", network.getSelectedNodes().join(" "));
    var view = network.getViewPosition();
    setAttr("view-x", Math.round(view.x));
    setAttr("view-y", Math.round(view.y));
    if (state.focus !== null) {
      var p = network.getPositions([ids[state.focus]])[ids[state.focus]];
      setAttr("focus-x", Math.round(p.x));
      setAttr("focus-y", Math.round(p.y));
    }
    document.getElementById("time-status").textContent = drawn.timeHidden
      ? "范围外隐藏 " + drawn.timeHidden + " 条连线" : "";
  }

  // --- panel, search, controls --------------------------------------------------------------------
  var panel = window.KGPanel({
    meta: meta, rows: rows, erows: erows, F: F, FE: FE, ids: ids, adj: adj, isoOf: isoOf,
    details: D.details, evidence: D.evidence, el: el, dateOk: dateOk, timeOk: timeOk,
    hasDates: hasDates, focusOn: function (i) { focusOn(i); }
  });

  function focusOn(i) {
    state.focus = i;
    if (!typeShown(i)) { setType(rows[i][F.kind], true); }
    render();
    panel.showNode(i);
    result.textContent = "找到：" + rows[i][F.name];
    setAttr("search-found", ids[i]);
    setAttr("search-candidates", 0);
    setAttr("focus-ms", Math.round(performance.now()));
  }

  // Exact id, then every entity of that name, then of that alias, then names containing the text.
  function findCandidates(query) {
    var q = query.trim();
    if (!q) { return []; }
    if (rowOf[q] !== undefined) { return [rowOf[q]]; }
    var all = rows.map(function (r, i) { return i; });
    var exact = all.filter(function (i) { return rows[i][F.name] === q; });
    if (exact.length) { return exact; }
    var alias = all.filter(function (i) { return (rows[i][F.aliases] || []).indexOf(q) >= 0; });
    if (alias.length) { return alias; }
    var part = all.filter(function (i) { return rows[i][F.name].indexOf(q) >= 0; });
    part.sort(function (a, b) { return rows[a][F.name].length - rows[b][F.name].length || a - b; });
    return part.slice(0, 30);
  }

  var result = document.getElementById("search-result");
  function runSearch(query, pick) {
    var found = findCandidates(query);
    if (pick && rowOf[pick] !== undefined && found.indexOf(rowOf[pick]) >= 0) { found = [rowOf[pick]]; }
    if (!found.length) {
      result.textContent = "未找到：" + query;
      setAttr("search-found", "");
      setAttr("search-candidates", 0);
      return null;
    }
    if (found.length === 1) { focusOn(found[0]); return found[0]; }
    // Several: never pick one silently.
    result.textContent = "有 " + found.length + " 个候选，请选择";
    setAttr("search-found", "");
    setAttr("search-candidates", found.length);
    panel.showCandidates(query, found);
    return null;
  }

  var input = document.getElementById("search");
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    runSearch(input.value);
  });
  document.getElementById("overview").addEventListener("click", function () {
    state.focus = null;
    render();
  });

  var typeInputs = [];
  function setType(kind, shown) {
    state.types[kind] = shown;
    if (typeInputs[kind]) { typeInputs[kind].checked = shown; }
  }
  function addFilter(box, name, color, checked, line, onChange) {
    var label = el("label"), box_ = el("input"), swatch = el("span", null, line ? "swatch line" : "swatch");
    box_.type = "checkbox";
    box_.checked = checked;
    box_.addEventListener("change", function () { onChange(box_.checked); render(); });
    swatch.style.background = color;
    label.appendChild(box_); label.appendChild(swatch); label.appendChild(el("span", name));
    box.appendChild(label);
    return box_;
  }
  meta.types.forEach(function (t, kind) {
    typeInputs[kind] = addFilter(document.getElementById("type-filters"), t.name, t.color, true, false,
      function (on) { state.types[kind] = on; });
  });
  meta.relations.forEach(function (r, rel) {
    addFilter(document.getElementById("relation-filters"), r.name, r.color, !r.hidden, true,
      function (on) { state.relations[rel] = on; });
  });
  // What the page left out, said where the filters are.
  var counts = meta.counts, notes = [];
  if (counts.co_mentions_all) {
    notes.push("同文提及默认隐藏；本页收入 " + counts.co_mentions_kept + " / " + counts.co_mentions_all + " 条（总览节点之间，权重最高者）。");
  }
  if (counts.edges_kept < counts.edges_all) {
    notes.push("其他连线收入 " + counts.edges_kept + " / " + counts.edges_all + " 条。");
  }
  if (meta.indexed < meta.total) { notes.push("可搜索 " + meta.indexed + " / " + meta.total + " 个实体。"); }
  document.getElementById("co-mention-note").textContent = notes.join("");

  var depthInput = document.getElementById("depth"), minInput = document.getElementById("min-weight");
  var fromInput = document.getElementById("date-from"), toInput = document.getElementById("date-to");
  depthInput.addEventListener("change", function () { state.depth = +depthInput.value; render(); });
  minInput.addEventListener("change", function () { state.minWeight = Math.max(1, +minInput.value || 1); render(); });
  function setRange() {
    state.from = ISO.test(fromInput.value) ? fromInput.value : "";
    state.to = ISO.test(toInput.value) ? toInput.value : "";
    render();
    panel.refresh();
  }
  fromInput.addEventListener("change", setRange);
  toInput.addEventListener("change", setRange);
  document.getElementById("time-filter").hidden = !hasDates;

  network.on("click", function (params) {
    if (params.nodes.length) { panel.showNode(rowOf[params.nodes[0]]); }
    else if (params.edges.length) { panel.showEdge(+params.edges[0].slice(1)); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { focusOn(rowOf[params.nodes[0]]); }
  });

  // #search=NAME&pick=ID&depth=2&min=2&from=YYYY-MM-DD&to=YYYY-MM-DD
  function fromHash() {
    var params = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq > 0) { params[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1)); }
    });
    if (params.depth === "1" || params.depth === "2") { state.depth = +params.depth; depthInput.value = params.depth; }
    if (params.min && +params.min >= 1) { state.minWeight = +params.min; minInput.value = params.min; }
    if (hasDates && (params.from || params.to)) {
      fromInput.value = params.from || "";
      toInput.value = params.to || "";
      state.from = ISO.test(fromInput.value) ? fromInput.value : "";
      state.to = ISO.test(toInput.value) ? toInput.value : "";
    }
    if (params.search) {
      input.value = params.search;
      if (runSearch(params.search, params.pick) === null) { render(); }
    } else {
      render();
    }
  }
  window.addEventListener("hashchange", fromHash);

  // The address is acted on before the first drawing, so a search draws its focus at once.
  if (meta.focus !== null && rowOf[meta.focus] !== undefined) { state.focus = rowOf[meta.focus]; }
  if (window.location.hash) { fromHash(); } else { render(); }
  if (state.focus !== null && !document.body.hasAttribute("data-search-found")) { panel.showNode(state.focus); }
  network.once("afterDrawing", function () {
    setAttr("draw-ms", Math.round(performance.now()));
    setAttr("canvas", container.querySelector("canvas") ? "yes" : "no");
  });

  window.unionkgExplorer = { network: network, search: runSearch, focus: focusOn, state: state, render: render };
})();
