import type { HistogramBucket } from "../test/stress/histogram.ts";
import type { StressReport } from "../test/stress/report.ts";
import { formatMs } from "./format.ts";
import { escapeXml } from "./xml.ts";

const W = 560;
const H = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 34 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

function frame(title: string, body: string, className: string): string {
  return (
    `<svg class="chart ${className}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeXml(title)}</title>` +
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" class="axis"/>` +
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + plotH}" class="axis"/>` +
    `${body}</svg>`
  );
}

const label = (x: number, y: number, text: string, anchor = "middle") =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" class="tick">${escapeXml(text)}</text>`;

/**
 * The latency distribution as bars on a logarithmic millisecond axis (HDR buckets regrouped into
 * about 40 bins), with p50/p99 marks.
 */
export function latencyHistogramSvg(report: StressReport): string {
  const buckets = report.histogram.filter((b) => b.count > 0);
  if (buckets.length === 0)
    return frame("Latency histogram: no data", label(W / 2, H / 2, "no data"), "latency");
  const lo = Math.max(0.001, buckets[0]!.from || buckets[0]!.to / 2);
  const hi = Math.max(lo * 1.01, buckets[buckets.length - 1]!.to);
  const bins = rebin(buckets, lo, hi, 40);
  const top = Math.max(...bins.map((b) => b.count));
  const x = (ms: number) => PAD.left + (Math.log(Math.max(ms, lo) / lo) / Math.log(hi / lo)) * plotW;
  const bars = bins
    .filter((b) => b.count > 0)
    .map((b) => {
      const h = (b.count / top) * plotH;
      const x0 = x(b.from);
      const width = Math.max(1, x(b.to) - x0 - 1);
      return `<rect x="${x0.toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${width.toFixed(1)}" height="${h.toFixed(1)}" class="bar"><title>${formatMs(b.from)}–${formatMs(b.to)} ms: ${b.count}</title></rect>`;
    })
    .join("");
  const marks = (["p50", "p99"] as const)
    .map((p) => {
      const px = x(report.latency[p]);
      return `<line x1="${px.toFixed(1)}" y1="${PAD.top}" x2="${px.toFixed(1)}" y2="${PAD.top + plotH}" class="mark"/>${label(px, PAD.top + 9, p)}`;
    })
    .join("");
  const ticks = logTicks(lo, hi)
    .map((t) => label(x(t), H - PAD.bottom + 14, `${formatMs(t)}`))
    .join("");
  const axes = `${label(W / 2, H - 4, "latency (ms, log scale)")}${label(PAD.left - 6, PAD.top + 8, String(top), "end")}${label(PAD.left - 6, PAD.top + plotH, "0", "end")}`;
  return frame(
    `Latency histogram of ${report.operations} operations`,
    bars + marks + ticks + axes,
    "latency",
  );
}

function rebin(buckets: HistogramBucket[], lo: number, hi: number, count: number): HistogramBucket[] {
  const ratio = (hi / lo) ** (1 / count);
  const bins = Array.from({ length: count }, (_, i) => ({
    from: lo * ratio ** i,
    to: lo * ratio ** (i + 1),
    count: 0,
  }));
  for (const b of buckets) {
    const middle = Math.max(lo, (b.from + b.to) / 2);
    const index = Math.min(count - 1, Math.max(0, Math.floor(Math.log(middle / lo) / Math.log(ratio))));
    bins[index]!.count += b.count;
  }
  return bins;
}

function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++) {
    const t = 10 ** p;
    if (t >= lo && t <= hi) ticks.push(t);
  }
  if (ticks.length < 2) ticks.splice(0, ticks.length, lo, hi);
  return ticks;
}

/** Completed operations per second over the run: successes as a line, errors as a second line. */
export function throughputSvg(report: StressReport): string {
  const { intervalMs, points } = report.timeline;
  if (points.length === 0) return frame("Throughput: no data", label(W / 2, H / 2, "no data"), "throughput");
  const perSecond = (n: number) => (n * 1000) / intervalMs;
  const top = Math.max(1, ...points.map((p) => perSecond(p.ok + p.errors)));
  const end = Math.max(intervalMs, points[points.length - 1]!.t + intervalMs);
  const x = (t: number) => PAD.left + (t / end) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const path = (pick: (p: (typeof points)[number]) => number) =>
    points
      .map(
        (p, i) =>
          `${i === 0 ? "M" : "L"}${x(p.t + intervalMs / 2).toFixed(1)},${y(perSecond(pick(p))).toFixed(1)}`,
      )
      .join(" ");
  const lines =
    `<path d="${path((p) => p.ok)}" class="line ok"/>` +
    (report.errors > 0 ? `<path d="${path((p) => p.errors)}" class="line errors"/>` : "");
  const axes =
    `${label(PAD.left - 6, PAD.top + 8, top.toFixed(0), "end")}${label(PAD.left - 6, PAD.top + plotH, "0", "end")}` +
    `${label(PAD.left, H - PAD.bottom + 14, "0 s")}${label(W - PAD.right, H - PAD.bottom + 14, `${(end / 1000).toFixed(1)} s`, "end")}` +
    `${label(W / 2, H - 4, "ops/s over time (green: ok, red: errors)")}`;
  return frame(`Throughput over time, ${intervalMs} ms intervals`, lines + axes, "throughput");
}

/** Horizontal bars of a profile's p50, p95, p99 and max. */
export function profileSvg(stats: {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}): string {
  const rows = [
    ["mean", stats.mean],
    ["p50", stats.p50],
    ["p95", stats.p95],
    ["p99", stats.p99],
    ["max", stats.max],
  ] as const;
  const top = Math.max(...rows.map(([, v]) => v), 1e-9);
  const rowH = 20;
  const height = rows.length * rowH + 8;
  const bars = rows
    .map(([name, v], i) => {
      const y = 4 + i * rowH;
      const w = (v / top) * (W - 160);
      return `${label(44, y + 14, name, "end")}<rect x="50" y="${y + 3}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 6}" class="bar"/>${label(56 + w, y + 14, `${formatMs(v)} ms`, "start")}`;
    })
    .join("");
  return `<svg class="chart profile" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="profile percentiles" xmlns="http://www.w3.org/2000/svg"><title>profile percentiles</title>${bars}</svg>`;
}
