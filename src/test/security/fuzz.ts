import type fc from "fast-check";
import { isPlainObject } from "../expect/equality.ts";
import { isSuccess, judge, judgeInjection, type SuccessCheck, type Verdict } from "./detect.ts";
import { observe } from "./observe.ts";
import { INJECTION_SETS, type Payload, PAYLOAD_SETS, type PayloadSet, payloadsFor } from "./payloads.ts";
import { type JsonPath, leafPaths, mergeAt, objectPaths, pathToString, setAt, withoutKey } from "./paths.ts";
import type { Probe } from "./probe.ts";
import { type Finding, preview, type SecurityReport } from "./report.ts";

/** How to attack a probe. */
export interface FuzzOptions {
  /** A valid input; payloads replace each of its values and mutations reshape it (default `""`). */
  template?: unknown;
  /** Payload sets to send (default: all). */
  sets?: PayloadSet[];
  /** Property-based runs with fast-check after the payloads; 0 skips them (default 100). */
  runs?: number;
  /** fast-check seed; the report carries it so a run can be replayed (default: random). */
  seed?: number;
  /** fast-check replay path from a previous finding's `replay.path`. */
  path?: string;
  /** Generates inputs for the property-based phase instead of mutating `template`. */
  arbitrary?: fc.Arbitrary<unknown>;
  /** Per-probe time limit in ms (default 2000). */
  probeTimeout?: number;
  /** Cap on the whole run in ms (default 60000). */
  maxDuration?: number;
  /** What counts as success for the injection check (default: a 2xx status). */
  succeeded?: SuccessCheck;
}

interface Context {
  probe: Probe;
  timeout: number;
  succeeded: SuccessCheck;
  deadline: number;
  probes: number;
}

/**
 * Attacks `probe` with payload sets, then with fast-check generated inputs, and reports every
 * finding (5xx, crash, timeout, unescaped reflection, injection, prototype pollution) with the
 * smallest input that reproduces it.
 *
 * @example
 * const report = await fuzz(httpProbe(app, { path: "/login" }), {
 *   template: { username: "ada", password: "secret" }, sets: ["nosql", "xss"], seed: 42,
 * });
 * report.findings; // [{ kind: "injection", path: "password", payload: '{"$ne": null}', … }]
 */
export async function fuzz(probe: Probe, options: FuzzOptions = {}): Promise<SecurityReport> {
  const started = performance.now();
  const sets = options.sets ?? PAYLOAD_SETS;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runs = options.runs ?? 100;
  const template = options.template ?? "";
  const ctx: Context = {
    probe,
    timeout: options.probeTimeout ?? 2000,
    succeeded: options.succeeded ?? isSuccess,
    deadline: started + (options.maxDuration ?? 60_000),
    probes: 0,
  };
  const found = new Map<string, Finding>();
  const keep = (finding: Finding) => {
    const key = `${finding.kind} ${finding.path}`;
    const previous = found.get(key);
    if (!previous || size(finding.input) < size(previous.input)) found.set(key, finding);
  };

  for (const payload of payloadsFor(sets)) {
    const placements = payload.placement === "merge" ? objectPaths(template) : leafPaths(template);
    for (const path of placements) {
      if (performance.now() > ctx.deadline) break;
      const input = place(template, path, payload);
      const verdict = await check(ctx, input, path, payload);
      if (!verdict) continue;
      const minimal = await minimize(ctx, input, path, payload, verdict.kind);
      keep(toFinding(verdict, minimal, path, payload));
    }
  }

  if (runs > 0 && performance.now() < ctx.deadline) {
    // Loaded on first use: fast-check is the largest import of the framework.
    const { mutationsOf } = await import("./mutations.ts");
    const finding = await propertyPhase(
      ctx,
      options.arbitrary ?? mutationsOf(template),
      seed,
      runs,
      options.path,
    );
    if (finding) keep(finding);
  }
  const findings = [...found.values()];
  return {
    probes: ctx.probes,
    durationMs: performance.now() - started,
    sets: [...sets],
    seed,
    runs,
    findings,
    passed: findings.length === 0,
  };
}

function place(template: unknown, path: JsonPath, payload: Payload): unknown {
  if (payload.placement === "value") return setAt(template, path, payload.value);
  return isPlainObject(template) || path.length > 0
    ? mergeAt(template, path, payload.value as object)
    : payload.value;
}

async function check(
  ctx: Context,
  input: unknown,
  path: JsonPath,
  payload: Payload,
): Promise<Verdict | undefined> {
  ctx.probes++;
  const observation = await observe(ctx.probe, input, ctx.timeout);
  const reflectable = typeof payload.value === "string" && /[<>]/.test(payload.value) ? [payload.value] : [];
  const verdict = judge(observation, reflectable, ctx.timeout);
  if (verdict || !observation.response || !INJECTION_SETS.has(payload.set) || payload.placement !== "value") {
    return verdict;
  }
  ctx.probes++;
  const controlValue = `no-match-${crypto.randomUUID()}`;
  const control = await observe(ctx.probe, setAt(input, path, controlValue), ctx.timeout);
  return control.response ? judgeInjection(observation.response, control.response, ctx.succeeded) : undefined;
}

/** Drops top-level keys the finding does not need, one at a time, keeping each drop that still reproduces it. */
async function minimize(
  ctx: Context,
  input: unknown,
  path: JsonPath,
  payload: Payload,
  kind: string,
): Promise<unknown> {
  if (!isPlainObject(input) || kind === "timeout") return input;
  let current = input;
  for (const key of Object.keys(input)) {
    if (key === path[0] || performance.now() > ctx.deadline) continue;
    const candidate = withoutKey(current, key);
    if ((await check(ctx, candidate, path, payload))?.kind === kind) current = candidate;
  }
  return current;
}

async function propertyPhase(
  ctx: Context,
  arbitrary: fc.Arbitrary<unknown>,
  seed: number,
  runs: number,
  path: string | undefined,
): Promise<Finding | undefined> {
  const { default: fc } = await import("fast-check");
  const property = fc.asyncProperty(arbitrary, async (input) => {
    ctx.probes++;
    const observation = await observe(ctx.probe, input, ctx.timeout);
    return judge(observation, reflectableStrings(input), ctx.timeout) === undefined;
  });
  const details = await fc.check(property, {
    seed,
    numRuns: runs,
    ...(path ? { path } : {}),
    interruptAfterTimeLimit: Math.max(1, ctx.deadline - performance.now()),
    markInterruptAsFailure: false,
  });
  if (!details.failed || !details.counterexample) return undefined;
  const input = details.counterexample[0];
  ctx.probes++;
  const verdict = judge(await observe(ctx.probe, input, ctx.timeout), reflectableStrings(input), ctx.timeout);
  if (!verdict) return undefined;
  return {
    kind: verdict.kind,
    path: "(generated)",
    input: preview(input),
    ...(verdict.status === undefined ? {} : { status: verdict.status }),
    detail: verdict.detail,
    replay: { seed: details.seed, path: details.counterexamplePath ?? "" },
  };
}

function reflectableStrings(input: unknown): string[] {
  if (typeof input === "string") return input.length >= 4 && /[<>]/.test(input) ? [input] : [];
  if (input === null || typeof input !== "object") return [];
  return Object.values(input).flatMap(reflectableStrings);
}

function toFinding(verdict: Verdict, input: unknown, path: JsonPath, payload: Payload): Finding {
  return {
    kind: verdict.kind,
    path: pathToString(path),
    set: payload.set,
    payload: payload.label,
    input: preview(input),
    ...(verdict.status === undefined ? {} : { status: verdict.status }),
    detail: verdict.detail,
  };
}

function size(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
