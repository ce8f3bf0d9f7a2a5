/// The dashboard's stylesheet and script, embedded in the binary and served under `/assets/`.
/// Both are written for this project; no third-party code.
enum DashboardAssets {
    /// The stylesheet: a dark theme with type that scales with the window, readable on a NOC
    /// wall screen and a laptop.
    static let css = #"""
:root {
  --bg: #0f1419; --panel: #171e26; --panel2: #1d2630; --line: #2a3644; --text: #e6edf3; --muted: #93a1b0;
  --accent: #58a6ff; --ok: #3fb950; --warn: #d29922; --bad: #f85149; --info: #8b949e;
  --s1: #58a6ff; --s2: #f0883e; --s3: #a371f7; --s4: #3fb950; --s5: #db61a2; --s6: #e3b341;
}
* { box-sizing: border-box; }
html { font-size: clamp(14px, 0.45vw + 8.5px, 22px); }
body { margin: 0; background: var(--bg); color: var(--text); line-height: 1.4;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem 1.2rem; padding: .6rem 1.2rem;
  background: var(--panel); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
.brand { font-weight: 700; color: var(--text); letter-spacing: .02em; }
.exchange { color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: .2rem; flex: 1; }
nav a { padding: .3rem .7rem; border-radius: .4rem; color: var(--text); }
nav a[aria-current="page"] { background: var(--accent); color: #08111c; font-weight: 600; }
nav a:hover { background: var(--panel2); text-decoration: none; }
nav a[aria-current="page"]:hover { background: var(--accent); }
.tools { display: flex; gap: 1rem; align-items: center; color: var(--muted); font-size: .9rem; }
.tools label { cursor: pointer; }
main { padding: 1rem 1.2rem 2rem; max-width: 2400px; margin: 0 auto; }
h1 { font-size: 1.6rem; margin: .2rem 0 1rem; font-weight: 600; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; font-weight: 600; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.muted, .note { color: var(--muted); }
.note { font-size: .9rem; }
footer { color: var(--muted); font-size: .85rem; padding: 1rem 1.2rem; border-top: 1px solid var(--line); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .8rem; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: .6rem; padding: .7rem .9rem; }
.tile .label { color: var(--muted); font-size: .85rem; }
.tile .value { font-size: 1.9rem; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tile .sub { color: var(--muted); font-size: .85rem; }
.symptoms { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .7rem; }
.symptom { background: var(--panel); border: 1px solid var(--line); border-left: .45rem solid var(--info);
  border-radius: .5rem; padding: .6rem .8rem; }
.symptom .verdict { float: right; font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; font-weight: 700; }
.symptom h3 { margin: 0 0 .3rem; font-size: 1rem; }
.symptom p { margin: 0; color: var(--muted); font-size: .9rem; }
.v-ok { border-left-color: var(--ok); } .v-ok .verdict { color: var(--ok); }
.v-warning { border-left-color: var(--warn); } .v-warning .verdict { color: var(--warn); }
.v-critical { border-left-color: var(--bad); } .v-critical .verdict { color: var(--bad); }
.v-not_enough_data .verdict { color: var(--info); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: .6rem; padding: .8rem 1rem; margin-bottom: 1rem; }
.panel h2 { margin-top: 0; }
.panel.hint { border-left: 4px solid var(--warn); }
.grid2 { margin-top: 1rem; display: grid; grid-template-columns: repeat(auto-fit, minmax(32rem, 1fr)); gap: 1rem; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
.switch { display: inline-flex; border: 1px solid var(--line); border-radius: .4rem; overflow: hidden; margin-bottom: .5rem; }
.switch a { padding: .25rem .8rem; color: var(--text); }
.switch a[aria-pressed="true"] { background: var(--accent); color: #08111c; font-weight: 600; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: .85rem; white-space: nowrap; position: sticky; top: 0; background: var(--panel); }
th a { color: var(--muted); }
th a.sorted { color: var(--text); }
td.num, th.num { text-align: right; }
tbody tr:hover { background: var(--panel2); }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; }
pre.frame { white-space: pre-wrap; word-break: break-all; margin: 0; color: var(--muted); max-width: 60rem; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-size: .78rem; font-weight: 700;
  text-transform: uppercase; letter-spacing: .04em; background: var(--panel2); color: var(--muted); white-space: nowrap; }
.badge.critical, .badge.down, .badge.bad { background: rgba(248,81,73,.18); color: var(--bad); }
.badge.warning, .badge.outgrown, .badge.pending { background: rgba(210,153,34,.18); color: var(--warn); }
.badge.ok, .badge.up, .badge.normal, .badge.firing-none { background: rgba(63,185,80,.15); color: var(--ok); }
.badge.info, .badge.idle, .badge.unknown, .badge.resolved { background: var(--panel2); color: var(--muted); }
.badge.firing { background: rgba(248,81,73,.18); color: var(--bad); }
.badge.acknowledged { background: rgba(88,166,255,.18); color: var(--accent); }
.note.acknowledgement { margin-top: .3rem; }
details.acknowledge { margin-top: .3rem; }
details.acknowledge form { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; margin-top: .3rem; }
details.acknowledge input, details.acknowledge select { background: var(--panel2); color: inherit; border: 1px solid var(--line); border-radius: .3rem; padding: .2rem .4rem; }
button.link { background: none; border: none; color: var(--accent); cursor: pointer; padding: 0; font: inherit; text-decoration: underline; }
.meter { display: inline-block; width: 5rem; height: .55rem; background: var(--panel2); border-radius: .3rem;
  vertical-align: middle; margin-right: .4rem; overflow: hidden; }
.meter i { display: block; height: 100%; background: var(--s1); }
.meter i.hot { background: var(--bad); } .meter i.warm { background: var(--warn); }
details summary { cursor: pointer; color: var(--accent); }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .4rem 0; font-size: .9rem; }
dl.evidence dt { color: var(--muted); } dl.evidence dd { margin: 0; }
.filters { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0 .8rem; }
.filters a { padding: .2rem .7rem; border: 1px solid var(--line); border-radius: 1rem; color: var(--text); }
.filters a[aria-current="true"] { background: var(--accent); color: #08111c; }
.pager { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem 1rem; margin: .4rem 0 .8rem; color: var(--muted); }
.pager a { padding: .2rem .7rem; border: 1px solid var(--line); border-radius: 1rem; color: var(--text); }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .85rem; color: var(--muted); }
.legend span::before { content: ""; display: inline-block; width: .9rem; height: .25rem; margin-right: .35rem; vertical-align: middle; background: currentColor; }
.legend .s1 { color: var(--s1); } .legend .s2 { color: var(--s2); } .legend .s3 { color: var(--s3); }
.legend .s4 { color: var(--s4); } .legend .s5 { color: var(--s5); } .legend .s6 { color: var(--s6); }
.legend .trend { color: var(--muted); }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { fill: var(--muted); font-size: 13px; font-family: inherit; }
svg.chart text.empty { font-size: 18px; }
svg.chart .grid line { stroke: var(--line); stroke-width: 1; }
svg.chart .axis line { stroke: var(--muted); }
svg.chart path.line { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg.chart .s1 { stroke: var(--s1); fill: var(--s1); } svg.chart .s2 { stroke: var(--s2); fill: var(--s2); }
svg.chart .s3 { stroke: var(--s3); fill: var(--s3); } svg.chart .s4 { stroke: var(--s4); fill: var(--s4); }
svg.chart .s5 { stroke: var(--s5); fill: var(--s5); } svg.chart .s6 { stroke: var(--s6); fill: var(--s6); }
svg.chart .warn { stroke: var(--warn); fill: var(--warn); } svg.chart .bad { stroke: var(--bad); fill: var(--bad); }
svg.chart path.line.s1, svg.chart path.line.s2, svg.chart path.line.s3, svg.chart path.line.s4, svg.chart path.line.s5,
svg.chart path.line.s6, svg.chart path.line.bad, svg.chart path.line.warn { fill: none; }
svg.chart .trend { stroke: var(--text); stroke-width: 1.5; stroke-dasharray: 6 5; opacity: .7; }
svg.chart .hover-rule { stroke: var(--text); stroke-width: 1; opacity: .5; }
svg.chart rect.bar { stroke: none; }
svg.bar-chart { max-height: 15rem; }
svg.chart text.bar-value { fill: var(--text); }
svg.spark { width: 8rem; height: 1.8rem; display: block; }
svg.spark path { fill: none; stroke: var(--s1); stroke-width: 1.5; vector-effect: non-scaling-stroke; }
svg.spark circle { fill: var(--s1); }
.tip { position: absolute; z-index: 10; pointer-events: none; background: var(--panel2); color: var(--text);
  border: 1px solid var(--line); border-radius: .3rem; padding: .2rem .5rem; font-size: .85rem; white-space: nowrap; }
.empty-state { color: var(--muted); padding: .5rem 0; }
.public main { max-width: 70rem; }
@media (max-width: 700px) {
  header.top { position: static; }
  .tile .value { font-size: 1.4rem; }
  th, td { padding: .3rem .35rem; }
}
"""#

    /// The script: the traffic chart's range switch, the value under the pointer on line
    /// charts, and auto-refresh (remembered in the browser, or forced with `?refresh=SECONDS`).
    static let javaScript = #"""
(function () {
  "use strict";
  document.querySelectorAll("[data-range-switch]").forEach(function (group) {
    group.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-range]");
      if (!link) { return; }
      event.preventDefault();
      var range = link.getAttribute("data-range");
      group.querySelectorAll("a[data-range]").forEach(function (other) {
        other.setAttribute("aria-pressed", other === link ? "true" : "false");
      });
      document.querySelectorAll("[data-range-panel]").forEach(function (panel) {
        panel.hidden = panel.getAttribute("data-range-panel") !== range;
      });
      history.replaceState(null, "", link.href);
    });
  });

  var tip = document.createElement("div");
  tip.className = "tip";
  tip.hidden = true;
  document.body.appendChild(tip);
  document.querySelectorAll("svg.line-chart[data-labels]").forEach(function (svg) {
    var labels;
    try { labels = JSON.parse(svg.getAttribute("data-labels")); } catch (error) { return; }
    var x0 = Number(svg.getAttribute("data-x0")), x1 = Number(svg.getAttribute("data-x1"));
    var rule = svg.querySelector(".hover-rule");
    function hide() { tip.hidden = true; if (rule) { rule.setAttribute("visibility", "hidden"); } }
    svg.addEventListener("mousemove", function (event) {
      var box = svg.getBoundingClientRect();
      var width = svg.viewBox.baseVal.width;
      var x = (event.clientX - box.left) / box.width * width;
      if (!labels.length || x < x0 || x > x1) { hide(); return; }
      var index = labels.length > 1 ? Math.round((x - x0) / (x1 - x0) * (labels.length - 1)) : 0;
      var at = labels.length > 1 ? x0 + index / (labels.length - 1) * (x1 - x0) : (x0 + x1) / 2;
      if (rule) { rule.setAttribute("x1", at); rule.setAttribute("x2", at); rule.setAttribute("visibility", "visible"); }
      tip.textContent = labels[index];
      tip.hidden = false;
      var left = event.pageX + 14;
      if (left + tip.offsetWidth > window.scrollX + document.documentElement.clientWidth) { left = event.pageX - tip.offsetWidth - 14; }
      tip.style.left = left + "px";
      tip.style.top = (event.pageY - tip.offsetHeight - 10) + "px";
    });
    svg.addEventListener("mouseleave", hide);
  });

  // Acknowledging a finding: JSON to the API (a form of another site cannot send JSON), then reload.
  document.querySelectorAll("[data-acknowledge-box], [data-unacknowledge]").forEach(function (element) { element.hidden = false; });
  function acknowledgement(name, method, body, errorBox) {
    var options = { method: method, credentials: "same-origin", headers: {} };
    if (body) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    fetch("/api/v1/findings/" + encodeURIComponent(name) + "/acknowledge", options).then(function (response) {
      if (response.ok) { location.reload(); return; }
      return response.json().then(function (answer) {
        if (errorBox) { errorBox.textContent = (answer.error && answer.error.message) || String(response.status); }
      });
    }).catch(function (error) { if (errorBox) { errorBox.textContent = String(error); } });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-acknowledge]");
    if (!form) { return; }
    event.preventDefault();
    var body = { by: form.elements.by.value, comment: form.elements.comment.value };
    if (form.elements.expires.value) { body.expires = form.elements.expires.value; }
    acknowledgement(form.getAttribute("data-acknowledge"), "POST", body, form.querySelector("[data-acknowledge-error]"));
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-unacknowledge]");
    if (!button) { return; }
    acknowledgement(button.getAttribute("data-unacknowledge"), "DELETE", null, button.parentNode);
  });

  var box = document.getElementById("autorefresh");
  var forced = Number(new URLSearchParams(location.search).get("refresh"));
  var seconds = forced > 0 ? Math.max(10, forced) : Number(document.body.getAttribute("data-refresh")) || 60;
  var key = "ixp-health.autorefresh";
  var stored = null;
  try { stored = window.localStorage.getItem(key); } catch (error) { stored = null; }
  var timer = null;
  function schedule(on) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (on) { timer = setTimeout(function () { location.reload(); }, seconds * 1000); }
  }
  if (box) {
    box.checked = forced > 0 || stored === "on";
    box.addEventListener("change", function () {
      try { window.localStorage.setItem(key, box.checked ? "on" : "off"); } catch (error) { /* private mode */ }
      schedule(box.checked);
    });
    schedule(box.checked);
  }
})();
"""#
}
