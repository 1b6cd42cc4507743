import type { RunReport, TestResult } from "../test/result.ts";
import { describeFinding } from "../test/security/report.ts";
import { describeModel } from "../test/stress/report.ts";
import { formatDuration, formatMs, headline, PROFILE_COLUMNS, profileCells } from "./format.ts";

const ICON = { passed: "✅", failed: "❌", skipped: "⏭️" } as const;

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").replace(/</g, "&lt;");
}

/** A fenced block that its content cannot close early. */
function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

/**
 * A Markdown report: summary, one table per suite, then failures (message, diff, stack) and the
 * profile, stress and security measurements. Suits CI job summaries and pull-request comments.
 */
export function renderMarkdown(report: RunReport): string {
  const s = report.summary;
  const out: string[] = [
    "# Test report",
    "",
    `**${s.failed === 0 ? "Passed" : "Failed"}**: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped ` +
      `(${s.total} total) in ${formatDuration(report.durationMs)}, ${report.startedAt}`,
    "",
  ];
  for (const suite of report.suites) {
    out.push(`## ${ICON[suite.status]} ${cell(suite.name)}`, "", `File: \`${suite.file}\``, "");
    if (suite.error) out.push(`**Suite error:** ${cell(suite.error.message)}`, "");
    if (suite.tests.length === 0) continue;
    out.push("| | Test | Kind | Time | Tags |", "|---|---|---|---:|---|");
    for (const t of suite.tests) {
      const note = t.skipReason ? ` (${t.skipReason})` : t.attempts > 1 ? ` (${t.attempts} attempts)` : "";
      out.push(
        `| ${ICON[t.status]} | ${cell(t.name + note)} | ${t.kind} | ${formatDuration(t.durationMs)} | ${cell(t.tags.join(", "))} |`,
      );
    }
    out.push("");
  }
  const tests = report.suites.flatMap((suite) => suite.tests);
  const failed = tests.filter((t) => t.status === "failed");
  if (failed.length > 0) out.push("## Failures", "", ...failed.flatMap(failure));
  const profiles = tests.filter((t) => t.profile);
  if (profiles.length > 0) {
    out.push("## Profiles", "", `| Test | ${PROFILE_COLUMNS.join(" | ")} |`);
    out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const t of profiles) out.push(`| ${cell(t.id)} | ${profileCells(t.profile!).join(" | ")} |`);
    out.push("");
  }
  const stress = tests.filter((t) => t.stress);
  if (stress.length > 0) {
    out.push(
      "## Stress",
      "",
      "| Test | Model | Ops | ops/s | p50 | p95 | p99 | p99.9 | max | Errors | Thresholds |",
    );
    out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const t of stress) {
      const r = t.stress!;
      const limits = r.thresholds.map((x) => `${x.passed ? "✅" : "❌"} ${x.metric} ≤ ${x.limit}`).join(", ");
      const l = r.latency;
      out.push(
        `| ${cell(t.id)} | ${describeModel(r)} | ${r.operations} | ${r.throughput.toFixed(0)} | ${formatMs(l.p50)} | ${formatMs(l.p95)} | ${formatMs(l.p99)} | ${formatMs(l.p999)} | ${formatMs(l.max)} | ${(r.errorRate * 100).toFixed(2)}% | ${cell(limits)} |`,
      );
    }
    out.push("");
  }
  const security = tests.filter((t) => t.security);
  if (security.length > 0) {
    out.push("## Security", "");
    for (const t of security) {
      const r = t.security!;
      out.push(
        `### ${cell(t.id)}`,
        "",
        `${r.probes} probes, sets: ${r.sets.join(", ")}, seed ${r.seed}, ${r.findings.length} finding(s)`,
        "",
      );
      for (const f of r.findings)
        out.push(`- **${f.kind}** ${cell(describeFinding(f))}; input \`${cell(JSON.stringify(f.input))}\``);
      out.push("");
    }
  }
  return `${out.join("\n")}\n`;
}

function failure(test: TestResult): string[] {
  const e = test.error;
  const out = [`### ${cell(test.id)}`, "", `\`${test.file}\``, ""];
  if (!e) return out;
  out.push(fence(headline(e)), "");
  if (e.diff) out.push(fence(e.diff.unified, "diff"), "");
  if (e.stack) out.push("<details><summary>Stack</summary>", "", fence(e.stack), "", "</details>", "");
  return out;
}
