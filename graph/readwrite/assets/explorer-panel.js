// unionkg explorer, side panel: an entity's posts and meetings by date, its sources, an edge's
// evidence, and the candidates of an ambiguous search. Text only through textContent (ctx.el).
window.KGPanel = function (ctx) {
  "use strict";
  var meta = ctx.meta, rows = ctx.rows, erows = ctx.erows, F = ctx.F, FE = ctx.FE, el = ctx.el;
  var relIndex = {};
  meta.relations.forEach(function (r, i) { relIndex[r.relation] = i; });
  var MEMBERSHIP = relIndex.membership, MET = relIndex.met;
  var MAX_ROWS = 60;
  var panel = document.getElementById("panel");
  var current = null;  // what is shown, to redraw it when the time range changes

  function clear() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function name(i) { return rows[i][F.name]; }
  function link(i) {
    var a = el("a", name(i));
    a.href = "#";
    a.title = ctx.ids[i];
    a.addEventListener("click", function (ev) { ev.preventDefault(); ctx.focusOn(i); });
    return a;
  }
  function addList(dl, title, items) {
    if (!items || !items.length) { return; }
    dl.appendChild(el("dt", title));
    items.forEach(function (item) { dl.appendChild(el("dd", item)); });
  }
  function span(k) {
    var ds = ctx.isoOf[k];
    if (!ds.length) { return "未注明日期"; }
    return ds[0] === ds[ds.length - 1] ? ds[0] : ds[0] + " – " + ds[ds.length - 1];
  }
  function byDate(a, b) {  // dated rows first, in date order; undated last
    return (a.date ? 0 : 1) - (b.date ? 0 : 1) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.order - b.order;
  }
  function section(title, items, hidden, emptyText) {
    panel.appendChild(el("h2", title));
    if (!items.length && !hidden) { panel.appendChild(el("p", emptyText, "note")); return; }
    var ul = el("ul");
    items.slice(0, MAX_ROWS).forEach(function (item) { ul.appendChild(item); });
    if (items.length > MAX_ROWS) { ul.appendChild(el("li", "另有 " + (items.length - MAX_ROWS) + " 条未列出", "source")); }
    panel.appendChild(ul);
    if (hidden) { panel.appendChild(el("p", "时间范围外隐藏 " + hidden + " 条", "note")); }
  }
  function dated(date, parts) {
    var li = el("li");
    li.appendChild(el("span", date || "未注明日期", "date"));
    parts.forEach(function (p) { li.appendChild(typeof p === "string" ? document.createTextNode(p) : p); });
    return li;
  }

  // Posts: membership edges from a person (or, for a body, the people holding posts there), first
  // and last date each was reported.
  function posts(i) {
    var out = [], hidden = 0;
    ctx.adj[i].forEach(function (k) {
      var e = erows[k];
      if (e[FE.relation] !== MEMBERSHIP) { return; }
      if (!ctx.timeOk(k)) { hidden++; return; }
      var holder = e[FE.from] === i, otherEnd = holder ? e[FE.to] : e[FE.from];
      var titles = (e[FE.extra] || []).join("、");
      var item = dated(span(k) === "未注明日期" ? "" : span(k), [link(otherEnd), titles ? "：" + titles : ""]);
      out.push({ date: ctx.isoOf[k][0] || "", order: out.length, li: item, holder: holder });
    });
    out.sort(byDate);
    return { held: out.filter(function (p) { return p.holder; }), holders: out.filter(function (p) { return !p.holder; }), hidden: hidden };
  }

  // Meetings: one row per date of each met edge (in the time range), undated edges once.
  function meetings(i) {
    var out = [], hidden = 0;
    ctx.adj[i].forEach(function (k) {
      var e = erows[k];
      if (e[FE.relation] !== MET) { return; }
      var j = e[FE.from] === i ? e[FE.to] : e[FE.from];
      var what = (e[FE.extra] || []).join("、");
      var ds = ctx.isoOf[k];
      if (!ds.length) {
        var printed = (e[FE.dates] || []).join("、");
        out.push({ date: "", order: out.length, li: dated("", [link(j), what ? "（" + what + "）" : "", printed ? " " + printed : ""]) });
        return;
      }
      ds.forEach(function (d) {
        if (!ctx.dateOk(d)) { hidden++; return; }
        out.push({ date: d, order: out.length, li: dated(d, [link(j), what ? "（" + what + "）" : ""]) });
      });
    });
    out.sort(byDate);
    return { items: out, hidden: hidden };
  }

  function showNode(i) {
    if (i === undefined || !rows[i]) { return; }
    current = ["node", i];
    var r = rows[i], t = meta.types[r[F.kind]] || { name: "", kind: "" };
    var details = ctx.details[String(i)];
    clear();
    panel.appendChild(el("h2", r[F.name], "name"));
    var dl = el("dl");
    addList(dl, "类型", [t.name]);
    addList(dl, "编号", [ctx.ids[i]]);
    if (r[F.context]) { addList(dl, "区别", [r[F.context]]); }
    addList(dl, "别名", r[F.aliases] || []);
    if (details) { addList(dl, "职务（原文）", details.roles); }
    addList(dl, "提及", [r[F.mentions] + " 次" + (details && details.pages.length ? "，版面 " + details.pages.join(" – ") : "")]);
    panel.appendChild(dl);
    var p = posts(i), m = meetings(i);
    if (p.held.length || p.hidden || t.kind === "PERSON") {
      section("任职（按日期）", p.held.map(function (x) { return x.li; }), p.hidden, "无任职记录");
    }
    if (p.holders.length) { section("在此任职的人", p.holders.map(function (x) { return x.li; }), 0, ""); }
    if (m.items.length || m.hidden || t.kind === "PERSON") {
      section("会见（按日期）", m.items.map(function (x) { return x.li; }), m.hidden, "无会见记录");
    }
    panel.appendChild(el("h2", "出处"));
    if (!details) {
      panel.appendChild(el("p", "本页未收入此实体的出处（页面大小有限）；可用 unionkg view 查看其关系页。", "note"));
      return;
    }
    var ul = el("ul");
    details.sentences.forEach(function (s) { ul.appendChild(el("li", s)); });
    if (details.more) { ul.appendChild(el("li", "另有 " + details.more + " 句未列出", "source")); }
    panel.appendChild(ul);
  }

  function showEdge(k) {
    var e = erows[k];
    if (!e) { return; }
    current = ["edge", k];
    var rel = meta.relations[e[FE.relation]];
    clear();
    panel.appendChild(el("h2", rel.name));
    var ends = el("p");
    ends.appendChild(link(e[FE.from]));
    ends.appendChild(document.createTextNode(rel.symmetric ? " — " : " → "));
    ends.appendChild(link(e[FE.to]));
    panel.appendChild(ends);
    var dl = el("dl");
    addList(dl, rel.relation === "membership" ? "职务" : "事件", e[FE.extra] || []);
    addList(dl, "权重", [e[FE.weight]]);
    addList(dl, "日期", [span(k)]);
    panel.appendChild(dl);
    panel.appendChild(el("h2", "证据"));
    var ev = ctx.evidence[String(k)];
    if (!ev) { panel.appendChild(el("p", "本页未收入此连线的证据（页面大小有限）；见 relations.csv。", "note")); return; }
    var ul = el("ul");
    ev.items.forEach(function (item) {
      var li = el("li");
      if (item.sentence) { li.appendChild(el("div", item.sentence)); }
      li.appendChild(el("div", item.headline + "（" + item.span + "）", "source"));
      ul.appendChild(li);
    });
    if (ev.more) { ul.appendChild(el("li", "另有 " + ev.more + " 条未列出", "source")); }
    panel.appendChild(ul);
  }

  function showCandidates(query, found) {
    current = null;
    clear();
    panel.appendChild(el("h2", "“" + query + "”有 " + found.length + " 个候选"));
    panel.appendChild(el("p", "同名者不会被自动选中：请点选一个。", "note"));
    var ul = el("ul");
    found.forEach(function (i) {
      var r = rows[i], li = el("li", null, "candidate");
      li.appendChild(link(i));
      li.appendChild(el("span", "（" + (meta.types[r[F.kind]] || { name: "" }).name + "，" + ctx.ids[i] + "）", "context"));
      li.appendChild(el("div", r[F.context] || ("提及 " + r[F.mentions] + " 次"), "context"));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  function refresh() {
    if (current && current[0] === "node") { showNode(current[1]); }
    else if (current && current[0] === "edge") { showEdge(current[1]); }
  }

  return { showNode: showNode, showEdge: showEdge, showCandidates: showCandidates, refresh: refresh, clear: clear };
};
