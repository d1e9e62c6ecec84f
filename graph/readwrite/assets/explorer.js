// unionkg explorer: draws window.KG_DATA with vis-network; filters, search, side panel.
// Text from the corpus only ever goes into the DOM through textContent, never as markup.
(function () {
  "use strict";
  var data = window.KG_DATA;
  var meta = data.meta;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var shownTypes = {};
  var shownRelations = {};
  meta.types.forEach(function (t) { shownTypes[t.kind] = true; });
  meta.relations.forEach(function (r) { shownRelations[r.relation] = !r.hidden; });

  var typeNames = {};
  meta.types.forEach(function (t) { typeNames[t.kind] = t.name; });
  var relationNames = {};
  meta.relations.forEach(function (r) { relationNames[r.relation] = r.name; });

  function nodeShown(node) { return shownTypes[node.kind] !== false; }
  var nodeView = new vis.DataView(nodes, { filter: nodeShown });
  var edgeView = new vis.DataView(edges, {
    filter: function (edge) {
      if (shownRelations[edge.relation] === false) { return false; }
      var a = nodes.get(edge.from), b = nodes.get(edge.to);
      return !!a && !!b && nodeShown(a) && nodeShown(b);
    }
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  // Filters double as the legend: a swatch in the type's (or relation's) colour.
  function addFilter(box, key, name, color, shown, line) {
    var label = el("label");
    var input = el("input");
    input.type = "checkbox";
    input.checked = shown[key] !== false;
    input.value = key;
    input.addEventListener("change", function () {
      shown[key] = input.checked;
      nodeView.refresh();
      edgeView.refresh();
    });
    var swatch = el("span", null, line ? "swatch line" : "swatch");
    swatch.style.background = color;
    label.appendChild(input);
    label.appendChild(swatch);
    label.appendChild(el("span", name));
    box.appendChild(label);
    return input;
  }
  var typeInputs = {};
  var typeBox = document.getElementById("type-filters");
  meta.types.forEach(function (t) {
    typeInputs[t.kind] = addFilter(typeBox, t.kind, t.name, t.color, shownTypes, false);
  });
  var relationBox = document.getElementById("relation-filters");
  meta.relations.forEach(function (r) {
    addFilter(relationBox, r.relation, r.name, r.color, shownRelations, true);
  });

  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  // Physics only lays out: once stable the graph stays still.
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
  });

  var panel = document.getElementById("panel");
  function clearPanel() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function addList(dl, title, items) {
    if (!items || !items.length) { return; }
    dl.appendChild(el("dt", title));
    items.forEach(function (item) { dl.appendChild(el("dd", item)); });
  }

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    clearPanel();
    panel.appendChild(el("h2", n.label, "name"));
    var dl = el("dl");
    addList(dl, "类型", [typeNames[n.kind] || n.kind]);
    addList(dl, "别名", n.aliases);
    addList(dl, "职务", n.roles);
    addList(dl, "提及", [n.mentions + " 次，版面 " + n.pages.join(" – ")]);
    panel.appendChild(dl);
    if (n.sentences.length) {
      panel.appendChild(el("h2", "出处"));
      var ul = el("ul");
      n.sentences.forEach(function (s) { ul.appendChild(el("li", s)); });
      if (n.more_sentences) { ul.appendChild(el("li", "另有 " + n.more_sentences + " 句未列出", "source")); }
      panel.appendChild(ul);
    }
  }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    var a = nodes.get(e.from), b = nodes.get(e.to);
    clearPanel();
    panel.appendChild(el("h2", relationNames[e.relation] || e.relation));
    var dl = el("dl");
    addList(dl, e.arrows ? "从 → 到" : "双方", [a.label + (e.arrows ? " → " : " — ") + b.label]);
    addList(dl, "职务", e.titles);
    addList(dl, "事件", e.triggers);
    addList(dl, "权重", [e.weight]);
    panel.appendChild(dl);
    panel.appendChild(el("h2", "证据"));
    var ul = el("ul");
    e.evidence.forEach(function (ev) {
      var li = el("li");
      if (ev.sentence) { li.appendChild(el("div", ev.sentence)); }
      li.appendChild(el("div", ev.headline + "（" + ev.span + "）", "source"));
      ul.appendChild(li);
    });
    if (e.more_evidence) { ul.appendChild(el("li", "另有 " + e.more_evidence + " 条未列出", "source")); }
    panel.appendChild(ul);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // Search: exact name, then exact alias, then the shortest name containing the query.
  function findNode(query) {
    var q = query.trim();
    if (!q) { return null; }
    var all = nodes.get();
    var exact = all.filter(function (n) { return n.label === q || n.id === q; });
    if (exact.length) { return exact[0]; }
    var alias = all.filter(function (n) { return n.aliases.indexOf(q) >= 0; });
    if (alias.length) { return alias[0]; }
    var part = all.filter(function (n) { return n.label.indexOf(q) >= 0; });
    part.sort(function (x, y) {
      return x.label.length - y.label.length || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    });
    return part.length ? part[0] : null;
  }

  var result = document.getElementById("search-result");
  function runSearch(query) {
    var n = findNode(query);
    if (!n) {
      result.textContent = "未找到：" + query;
      document.body.setAttribute("data-search-found", "");
      return null;
    }
    if (!nodeShown(n)) {
      shownTypes[n.kind] = true;
      if (typeInputs[n.kind]) { typeInputs[n.kind].checked = true; }
      nodeView.refresh();
      edgeView.refresh();
    }
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.2, animation: false });
    showNode(n.id);
    result.textContent = "找到：" + n.label;
    document.body.setAttribute("data-search-found", n.id);
    return n;
  }

  var input = document.getElementById("search");
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    runSearch(input.value);
  });

  function searchFromHash() {
    var m = /^#search=(.*)$/.exec(window.location.hash);
    if (!m) { return; }
    var q = decodeURIComponent(m[1]);
    input.value = q;
    runSearch(q);
  }
  window.addEventListener("hashchange", searchFromHash);

  network.once("afterDrawing", function () {
    var canvas = container.querySelector("canvas");
    document.body.setAttribute("data-drawn-nodes", String(nodeView.length));
    document.body.setAttribute("data-drawn-edges", String(edgeView.length));
    document.body.setAttribute("data-canvas", canvas ? "yes" : "no");
    document.getElementById("status").textContent =
      "已绘制 " + nodeView.length + " 个节点、" + edgeView.length + " 条连线";
    searchFromHash();
  });

  window.unionkgExplorer = { network: network, search: runSearch };
})();
