import type { CollectionView, Row } from "../storage/collection-view.ts";
import { typeBracket } from "../query/key-string.ts";
import { encodeIndexKey } from "../storage/index-store.ts";
import type { AccessPlan, FieldBounds } from "./plan.ts";

/** The smallest byte string greater than every string that starts with `prefix`. */
function successor(prefix: Uint8Array): Uint8Array | undefined {
  const out = prefix.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]!++;
      return out.subarray(0, i + 1);
    }
  }
  return undefined;
}

interface ByteRange {
  low?: Uint8Array;
  lowInclusive: boolean;
  high?: Uint8Array;
  highInclusive: boolean;
}

/** Byte ranges of an index's keys that hold every document the bounds can match. */
function byteRanges(bounds: FieldBounds, direction: number): ByteRange[] {
  const key = (v: unknown) => encodeIndexKey([v], [direction]);
  if (bounds.eq) {
    return bounds.eq.map((v) => {
      const prefix = key(v);
      return { low: prefix, lowInclusive: true, high: successor(prefix), highInclusive: false };
    });
  }
  let low: Uint8Array | undefined;
  let lowInclusive = true;
  let high: Uint8Array | undefined;
  let highInclusive = false;
  const lower = bounds.gte ?? bounds.gt;
  const upper = bounds.lte ?? bounds.lt;
  // Ranges are type-bracketed ($gt: 5 means numbers above 5): the open end stops at the bracket's edge.
  const bracket = typeBracket(lower ?? upper);
  const bracketLow = direction > 0 ? bracket.min : Uint8Array.of(0xff - bracket.max[0]! + 1);
  const bracketHigh =
    direction > 0 ? bracket.max : bracket.min[0] === 0 ? undefined : Uint8Array.of(0x100 - bracket.min[0]!);
  // Prefix bounds: a compound key starting with v is > key(v), so "<= v" must extend to successor(key(v)).
  const lowerBytes =
    lower === undefined ? undefined : bounds.gte !== undefined ? key(lower) : successor(key(lower));
  const upperBytes =
    upper === undefined ? undefined : bounds.lte !== undefined ? successor(key(upper)) : key(upper);
  if (direction > 0) {
    low = lowerBytes;
    high = upperBytes;
  } else {
    // Descending keys invert the order: the value range maps to the byte range reversed.
    low = upper === undefined ? undefined : bounds.lte !== undefined ? key(upper) : successor(key(upper));
    high = lower === undefined ? undefined : bounds.gte !== undefined ? successor(key(lower)) : key(lower);
    lowInclusive = true;
    highInclusive = false;
  }
  return [{ low: low ?? bracketLow, lowInclusive, high: high ?? bracketHigh, highInclusive }];
}

/** Reads the rows a plan selects (a superset of the matches; each row at most once). */
export function* candidates(store: CollectionView, plan: AccessPlan): Generator<Row> {
  switch (plan.stage) {
    case "EOF":
      return;
    case "COLLSCAN":
      yield* store.scan();
      return;
    case "IDHACK": {
      const seen = new Set<number>();
      for (const id of plan.ids) {
        const row = store.getById(id);
        if (row && !seen.has(row.rid)) {
          seen.add(row.rid);
          yield row;
        }
      }
      return;
    }
    case "IXSCAN": {
      const direction = plan.index.directions[0]!;
      const ranges = byteRanges(plan.bounds, direction);
      const seen = ranges.length > 1 || plan.index.multikey ? new Set<number>() : undefined;
      for (const r of ranges) {
        for (const row of store.indexRange(plan.index, r.low, r.lowInclusive, r.high, r.highInclusive)) {
          if (seen) {
            if (seen.has(row.rid)) continue;
            seen.add(row.rid);
          }
          yield row;
        }
      }
    }
  }
}
