import type { RunReport, SuiteResult, TestResult } from "../test/result.ts";
import { describeFinding } from "../test/security/report.ts";
import { describeModel } from "../test/stress/report.ts";
import { formatBytes, formatDuration, formatMs, headline } from "./format.ts";
import { SCRIPT, STYLE } from "./html-assets.ts";
import { latencyHistogramSvg, profileSvg, throughputSvg } from "./svg.ts";
import { escapeXml as esc } from "./xml.ts";

const ICON = { passed: "✓", failed: "✗", skipped: "–" } as const;

/**
 * The HTML report: one self-contained file (inline CSS, JS and SVG, nothing fetched) with
 * filters by status and tag, a search box, and per-test details: message, diff, stack, output,
 * profile tables, stress charts (latency histogram, throughput over time) and security findings.
 */
export function renderHtml(report: RunReport): string {
  const s = report.summary;
  const tags = [...new Set(report.suites.flatMap((suite) => suite.tests.flatMap((t) => t.tags)))].sort();
  const title = `Test report: ${s.failed === 0 ? "passed" : "failed"}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<div class="counts"><span class="passed">${s.passed} passed</span><span class="failed">${s.failed} failed</span><span class="skipped">${s.skipped} skipped</span><span>${s.total} total</span></div>
<div class="meta">${esc(report.startedAt)} · ${formatDuration(report.durationMs)} · schema v${report.schemaVersion}</div>
</header>
<div class="controls">
${(["passed", "failed", "skipped"] as const).map((st) => `<label><input type="checkbox" name="status" value="${st}" checked> ${st}</label>`).join("\n")}
<label>tag <select id="tag"><option value="">all</option>${tags.map((t) => `<option value="${esc(t)}">${esc(t)}</option>`).join("")}</select></label>
<input type="search" id="search" placeholder="search tests" aria-label="search tests">
<span class="meta"><span id="visible">${s.total}</span> shown</span>
</div>
<main>
${report.suites.map(suiteSection).join("\n")}
<p id="empty" class="empty" hidden>No test matches the filters.</p>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function suiteSection(suite: SuiteResult): string {
  const error = suite.error
    ? `<pre class="suite-error">${esc(headline(suite.error))}${suite.error.stack ? `\n${esc(suite.error.stack)}` : ""}</pre>`
    : "";
  return `<section class="suite ${suite.status}" data-file="${esc(suite.file)}">
<h2>${esc(suite.name)} <small>${esc(suite.file)} · ${formatDuration(suite.durationMs)}</small></h2>
${error}${suite.tests.map(testDetails).join("\n")}
</section>`;
}

function testDetails(test: TestResult): string {
  const tags = test.tags.map((t) => `<span class="tag">${esc(t)}</span>`).join("");
  const search = `${test.id} ${test.tags.join(" ")} ${test.error?.message ?? ""}`.toLowerCase();
  const note = test.skipReason ?? (test.attempts > 1 ? `${test.attempts} attempts` : "");
  return `<details class="test ${test.status}" data-status="${test.status}" data-tags="${esc(test.tags.join(" "))}" data-search="${esc(search)}"${test.status === "failed" ? " open" : ""}>
<summary><span class="status">${ICON[test.status]}</span><span class="name">${esc(test.name)}</span>${tags}<span class="meta">${test.kind} · ${formatDuration(test.durationMs)}${note ? ` · ${esc(note)}` : ""}</span></summary>
<div class="body">${testBody(test)}</div>
</details>`;
}

function testBody(test: TestResult): string {
  const parts: string[] = [`<div class="meta">${esc(test.file)}</div>`];
  const e = test.error;
  if (e) {
    parts.push(`<pre class="message">${esc(headline(e))}</pre>`);
    if (e.diff) {
      const lines = e.diff.unified
        .split("\n")
        .map((l) =>
          l.startsWith("- ")
            ? `<span class="del">${esc(l)}</span>`
            : l.startsWith("+ ")
              ? `<span class="ins">${esc(l)}</span>`
              : esc(l),
        );
      parts.push(
        `<pre class="diff"><span class="del">- Expected</span>\n<span class="ins">+ Received</span>\n\n${lines.join("\n")}</pre>`,
      );
    }
    if (e.stack) parts.push(`<pre class="stack">${esc(e.stack)}</pre>`);
  }
  if (test.profile) {
    const p = test.profile;
    const baseline = p.baseline
      ? `<tr><td>baseline</td><td>${p.baseline.ratio.toFixed(2)}x of ${formatMs(p.baseline.baselineMean)} ms (tolerance ${(p.baseline.tolerance * 100).toFixed(0)}%)</td></tr>`
      : "";
    parts.push(`<table class="profile"><tr><th>metric</th><th>value</th></tr>
<tr><td>iterations (warm-up)</td><td>${p.iterations} (${p.warmup})</td></tr>
<tr><td>mean</td><td>${formatMs(p.mean)} ms</td></tr><tr><td>min</td><td>${formatMs(p.min)} ms</td></tr>
<tr><td>p50</td><td>${formatMs(p.p50)} ms</td></tr><tr><td>p95</td><td>${formatMs(p.p95)} ms</td></tr>
<tr><td>p99</td><td>${formatMs(p.p99)} ms</td></tr><tr><td>max</td><td>${formatMs(p.max)} ms</td></tr>
<tr><td>ops/s</td><td>${p.opsPerSecond.toFixed(0)}</td></tr><tr><td>heap growth</td><td>${formatBytes(p.heapGrowth)}</td></tr>
<tr><td>peak RSS</td><td>${formatBytes(p.peakRss)}</td></tr>${baseline}</table>${profileSvg(p)}`);
  }
  if (test.stress) {
    const r = test.stress;
    const l = r.latency;
    const counts = (o: Record<string, number>) =>
      Object.entries(o)
        .map(([k, v]) => `${esc(k)}: ${v}`)
        .join(", ") || "none";
    parts.push(`<table class="stress"><tr><th>model</th><th>ops</th><th>ops/s</th><th>min</th><th>mean</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th><th>errors</th></tr>
<tr><td>${describeModel(r)}</td><td>${r.operations}</td><td>${r.throughput.toFixed(0)}</td><td>${formatMs(l.min)}</td><td>${formatMs(l.mean)}</td><td>${formatMs(l.p50)}</td><td>${formatMs(l.p90)}</td><td>${formatMs(l.p95)}</td><td>${formatMs(l.p99)}</td><td>${formatMs(l.p999)}</td><td>${formatMs(l.max)}</td><td>${(r.errorRate * 100).toFixed(2)}%</td></tr></table>
<div class="meta">latency in ms · status codes: ${counts(r.statusCodes)} · errors: ${counts(r.errorKinds)}</div>
${r.thresholds.length ? `<ul class="thresholds">${r.thresholds.map((t) => `<li class="${t.passed ? "ok" : "finding"}">${t.passed ? "✓" : "✗"} ${t.metric}: ${formatMs(t.actual)} (limit ${t.limit})</li>`).join("")}</ul>` : ""}
<div class="charts">${latencyHistogramSvg(r)}${throughputSvg(r)}</div>`);
  }
  if (test.security) {
    const r = test.security;
    const rows = r.findings
      .map(
        (f) =>
          `<tr class="finding"><td>${esc(f.kind)}</td><td>${esc(describeFinding(f))}</td><td><code>${esc(JSON.stringify(f.input))}</code></td></tr>`,
      )
      .join("");
    parts.push(`<div class="meta">${r.probes} probes · sets: ${esc(r.sets.join(", "))} · seed ${r.seed}</div>
${r.findings.length ? `<table class="findings"><tr><th>kind</th><th>finding</th><th>minimal input</th></tr>${rows}</table>` : "<p>No findings.</p>"}`);
  }
  if (test.stdout) parts.push(`<div class="meta">stdout</div><pre class="stdout">${esc(test.stdout)}</pre>`);
  if (test.stderr) parts.push(`<div class="meta">stderr</div><pre class="stderr">${esc(test.stderr)}</pre>`);
  return parts.join("\n");
}
