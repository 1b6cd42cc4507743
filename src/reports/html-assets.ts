/** Styles of the HTML report, inlined so the file works offline. */
export const STYLE = `
:root { --ok: #1a7f37; --bad: #cf222e; --skip: #9a6700; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--bg); }
h1 { font-size: 20px; margin: 0 0 6px; }
.counts span { display: inline-block; margin-right: 14px; font-weight: 600; }
.counts .passed { color: var(--ok); } .counts .failed { color: var(--bad); } .counts .skipped { color: var(--skip); }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 10px 24px; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: #fff; z-index: 1; }
.controls label { user-select: none; }
.controls input[type=search] { padding: 4px 8px; min-width: 260px; border: 1px solid var(--line); border-radius: 6px; }
main { padding: 8px 24px 40px; }
section.suite { margin: 14px 0; }
section.suite > h2 { font-size: 15px; margin: 0 0 4px; }
section.suite > h2 small { color: var(--muted); font-weight: normal; }
.suite-error { color: var(--bad); white-space: pre-wrap; margin: 4px 0; }
details.test { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; }
details.test > summary { cursor: pointer; padding: 5px 10px; list-style: none; display: flex; gap: 10px; align-items: baseline; }
details.test > summary::-webkit-details-marker { display: none; }
details.test[open] > summary { border-bottom: 1px solid var(--line); background: var(--bg); }
.status { font-weight: 700; width: 1.2em; }
.test.passed .status { color: var(--ok); } .test.failed .status { color: var(--bad); } .test.skipped .status { color: var(--skip); }
.name { flex: 1; }
.meta { color: var(--muted); font-size: 12px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 10px; background: #ddf4ff; color: #0969da; font-size: 11px; margin-left: 4px; }
.body { padding: 8px 12px; }
pre { background: var(--bg); padding: 8px; border-radius: 6px; overflow-x: auto; margin: 6px 0; font: 12px/1.4 ui-monospace, monospace; }
pre.diff .del { color: var(--ok); } pre.diff .ins { color: var(--bad); }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: right; font-variant-numeric: tabular-nums; }
th:first-child, td:first-child, table.findings td, table.findings th { text-align: left; }
.chart { display: block; max-width: 100%; height: auto; margin: 6px 0; }
.chart .axis { stroke: #8c959f; } .chart .bar { fill: #54aeff; } .chart .mark { stroke: var(--bad); stroke-dasharray: 3 3; }
.chart .line { fill: none; stroke-width: 2; } .chart .line.ok { stroke: var(--ok); } .chart .line.errors { stroke: var(--bad); }
.chart .tick { font-size: 10px; fill: var(--muted); }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.finding { color: var(--bad); }
.empty { color: var(--muted); padding: 20px 0; }
`;

/**
 * Filtering: status checkboxes, a tag select and a search box hide non-matching tests (and
 * suites left empty) and update the visible count. Runs on load and on every input event.
 */
export const SCRIPT = `
(function () {
  var tests = Array.prototype.slice.call(document.querySelectorAll("details.test"));
  var suites = Array.prototype.slice.call(document.querySelectorAll("section.suite"));
  var search = document.getElementById("search");
  var tag = document.getElementById("tag");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=status]"));
  var count = document.getElementById("visible");
  var empty = document.getElementById("empty");
  function apply() {
    var wanted = {};
    boxes.forEach(function (b) { wanted[b.value] = b.checked; });
    var query = search.value.trim().toLowerCase();
    var chosen = tag.value;
    var visible = 0;
    tests.forEach(function (t) {
      var tags = t.getAttribute("data-tags").split(" ");
      var show = wanted[t.getAttribute("data-status")] &&
        (!chosen || tags.indexOf(chosen) >= 0) &&
        (!query || t.getAttribute("data-search").indexOf(query) >= 0);
      if (show) { t.removeAttribute("hidden"); visible++; } else { t.setAttribute("hidden", ""); }
    });
    suites.forEach(function (s) {
      var any = s.querySelector("details.test:not([hidden])") || s.querySelector(".suite-error");
      if (any) { s.removeAttribute("hidden"); } else { s.setAttribute("hidden", ""); }
    });
    count.textContent = String(visible);
    if (visible === 0) { empty.removeAttribute("hidden"); } else { empty.setAttribute("hidden", ""); }
  }
  search.addEventListener("input", apply);
  tag.addEventListener("change", apply);
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  apply();
})();
`;
