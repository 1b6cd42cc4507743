import { describe, expect, test } from "bun:test";
import { compileExpression } from "../../src/server/aggregate/expression.ts";
import { evaluate, expectBson, expectCode, int, long } from "./helpers.ts";

const d = new Date("2024-01-02T03:04:05.678Z"); // a Tuesday

describe("date parts", () => {
  test("UTC parts", () => {
    const doc = { d };
    expectBson(evaluate({ $year: "$d" }, doc), int(2024));
    expectBson(evaluate({ $month: "$d" }, doc), int(1));
    expectBson(evaluate({ $dayOfMonth: "$d" }, doc), int(2));
    expectBson(evaluate({ $hour: "$d" }, doc), int(3));
    expectBson(evaluate({ $minute: "$d" }, doc), int(4));
    expectBson(evaluate({ $second: "$d" }, doc), int(5));
    expectBson(evaluate({ $millisecond: "$d" }, doc), int(678));
    expectBson(evaluate({ $dayOfWeek: "$d" }, doc), int(3));
    expectBson(evaluate({ $dayOfYear: "$d" }, doc), int(2));
    expectBson(evaluate({ $week: "$d" }, doc), int(0));
    expectBson(evaluate({ $isoWeek: "$d" }, doc), int(1));
    expectBson(evaluate({ $isoDayOfWeek: "$d" }, doc), int(2));
    expectBson(evaluate({ $isoWeekYear: ["$d"] }, doc), int(2024));
  });

  test("ISO week of early January may belong to the previous year", () => {
    const doc = { d: new Date("2021-01-01T00:00:00Z") };
    expectBson(evaluate({ $isoWeek: "$d" }, doc), int(53));
    expectBson(evaluate({ $isoWeekYear: "$d" }, doc), int(2020));
  });

  test("timezones: fixed offsets and IANA names", () => {
    const doc = { d };
    expectBson(evaluate({ $hour: { date: "$d", timezone: "+05:30" } }, doc), int(8));
    expectBson(evaluate({ $minute: { date: "$d", timezone: "+0530" } }, doc), int(34));
    expectBson(evaluate({ $dayOfMonth: { date: "$d", timezone: "America/New_York" } }, doc), int(1));
    expectBson(evaluate({ $hour: { date: "$d", timezone: "America/New_York" } }, doc), int(22));
    expect(evaluate({ $hour: { date: "$d", timezone: null } }, doc)).toBeNull();
    expectCode(() => evaluate({ $hour: { date: "$d", timezone: "Mars/Base" } }, doc), 40485);
  });

  test("null dates give null; non-dates are errors; timestamps and ObjectIds are dates", () => {
    expect(evaluate({ $year: "$missing" })).toBeNull();
    expectCode(() => evaluate({ $year: "x" }), 16006);
    expectCode(() => compileExpression({ $year: { date: "$d", foo: 1 } }), 40535);
  });
});

describe("$dateToString", () => {
  test("default format and specifiers", () => {
    expect(evaluate({ $dateToString: { date: "$d" } }, { d })).toBe("2024-01-02T03:04:05.678Z");
    expect(
      evaluate(
        { $dateToString: { date: "$d", format: "%Y/%m/%d %H:%M:%S.%L %j %w %u %U %V %G %% %b %B" } },
        { d },
      ),
    ).toBe("2024/01/02 03:04:05.678 002 3 2 00 01 2024 % Jan January");
    expect(
      evaluate({ $dateToString: { date: "$d", format: "%H:%M %z %Z", timezone: "America/New_York" } }, { d }),
    ).toBe("22:04 -0500 -300");
  });

  test("onNull and errors", () => {
    expect(evaluate({ $dateToString: { date: "$missing", onNull: "none" } })).toBe("none");
    expect(evaluate({ $dateToString: { date: "$missing" } })).toBeNull();
    expectCode(() => compileExpression({ $dateToString: { date: "$d", format: "%Q" } }), 18536);
    expectCode(() => compileExpression({ $dateToString: { date: "$d", format: "abc%" } }), 18535);
  });
});

describe("$dateFromString", () => {
  test("ISO strings, with and without offsets, in a timezone", () => {
    expect(evaluate({ $dateFromString: { dateString: "2017-02-08T12:10:40.787" } })).toEqual(
      new Date("2017-02-08T12:10:40.787Z"),
    );
    expect(evaluate({ $dateFromString: { dateString: "2017-02-08" } })).toEqual(
      new Date("2017-02-08T00:00:00Z"),
    );
    expect(evaluate({ $dateFromString: { dateString: "2017-02-08T12:10:40.787+02:00" } })).toEqual(
      new Date("2017-02-08T10:10:40.787Z"),
    );
    expect(evaluate({ $dateFromString: { dateString: "2017-02-08T12:10:40Z" } })).toEqual(
      new Date("2017-02-08T12:10:40Z"),
    );
    expect(
      evaluate({ $dateFromString: { dateString: "2017-02-08T12:10:40.787", timezone: "America/New_York" } }),
    ).toEqual(new Date("2017-02-08T17:10:40.787Z"));
  });

  test("explicit formats", () => {
    expect(evaluate({ $dateFromString: { dateString: "15/03/2018", format: "%d/%m/%Y" } })).toEqual(
      new Date("2018-03-15T00:00:00Z"),
    );
    expect(evaluate({ $dateFromString: { dateString: "2018-074", format: "%Y-%j" } })).toEqual(
      new Date("2018-03-15T00:00:00Z"),
    );
  });

  test("onError / onNull", () => {
    expect(evaluate({ $dateFromString: { dateString: "not a date", onError: "bad" } })).toBe("bad");
    expect(evaluate({ $dateFromString: { dateString: "$missing", onNull: "nothing" } })).toBe("nothing");
    expectCode(() => evaluate({ $dateFromString: { dateString: "2017-13-45" } }), 241);
    expectCode(
      () => evaluate({ $dateFromString: { dateString: "2017-02-08T12:10:40Z", timezone: "+01:00" } }),
      40554,
    );
  });
});

describe("$dateToParts / $dateFromParts", () => {
  test("round trip", () => {
    expectBson(evaluate({ $dateToParts: { date: "$d" } }, { d }), {
      year: int(2024),
      month: int(1),
      day: int(2),
      hour: int(3),
      minute: int(4),
      second: int(5),
      millisecond: int(678),
    });
    expectBson(evaluate({ $dateToParts: { date: "$d", iso8601: true } }, { d }), {
      isoWeekYear: int(2024),
      isoWeek: int(1),
      isoDayOfWeek: int(2),
      hour: int(3),
      minute: int(4),
      second: int(5),
      millisecond: int(678),
    });
    expect(
      evaluate({
        $dateFromParts: { year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, millisecond: 678 },
      }),
    ).toEqual(d);
  });

  test("out-of-range parts carry over; ISO form; timezone", () => {
    expect(evaluate({ $dateFromParts: { year: 2017, month: 14, day: 1 } })).toEqual(
      new Date("2018-02-01T00:00:00Z"),
    );
    expect(evaluate({ $dateFromParts: { isoWeekYear: 2017, isoWeek: 1, isoDayOfWeek: 1 } })).toEqual(
      new Date("2017-01-02T00:00:00Z"),
    );
    expect(evaluate({ $dateFromParts: { year: 2020, hour: 12, timezone: "+02:00" } })).toEqual(
      new Date("2020-01-01T10:00:00Z"),
    );
    expect(evaluate({ $dateFromParts: { year: 5 } })).toEqual(new Date("0005-01-01T00:00:00Z"));
    expectCode(() => evaluate({ $dateFromParts: { year: 10000 } }), 40523);
    expectCode(() => evaluate({ $dateFromParts: { year: 2000, month: 40000 } }), 31034);
    expectCode(() => compileExpression({ $dateFromParts: { year: 2000, isoWeek: 1 } }), 40489);
  });
});

describe("date arithmetic", () => {
  test("$dateAdd / $dateSubtract clamp month ends and keep local time across DST", () => {
    const jan31 = new Date("2020-01-31T10:00:00Z");
    expect(evaluate({ $dateAdd: { startDate: "$d", unit: "month", amount: 1 } }, { d: jan31 })).toEqual(
      new Date("2020-02-29T10:00:00Z"),
    );
    expect(evaluate({ $dateAdd: { startDate: "$d", unit: "quarter", amount: -1 } }, { d: jan31 })).toEqual(
      new Date("2019-10-31T10:00:00Z"),
    );
    expect(evaluate({ $dateSubtract: { startDate: "$d", unit: "day", amount: 31 } }, { d: jan31 })).toEqual(
      new Date("2019-12-31T10:00:00Z"),
    );
    const beforeDst = new Date("2021-03-13T17:00:00Z"); // 12:00 in New York (EST)
    expect(
      evaluate(
        { $dateAdd: { startDate: "$d", unit: "day", amount: 1, timezone: "America/New_York" } },
        { d: beforeDst },
      ),
    ).toEqual(new Date("2021-03-14T16:00:00Z"));
    expect(
      evaluate(
        { $dateAdd: { startDate: "$d", unit: "hour", amount: 24, timezone: "America/New_York" } },
        { d: beforeDst },
      ),
    ).toEqual(new Date("2021-03-14T17:00:00Z"));
    expectCode(
      () => evaluate({ $dateAdd: { startDate: "$d", unit: "day", amount: 1.5 } }, { d: jan31 }),
      5166402,
    );
    expectCode(
      () => evaluate({ $dateAdd: { startDate: "$d", unit: "fortnight", amount: 1 } }, { d: jan31 }),
      9,
    );
  });

  test("$dateDiff counts unit boundaries", () => {
    const doc = { a: new Date("2020-12-31T23:00:00Z"), b: new Date("2021-01-01T01:00:00Z") };
    expectBson(evaluate({ $dateDiff: { startDate: "$a", endDate: "$b", unit: "year" } }, doc), long(1));
    expectBson(evaluate({ $dateDiff: { startDate: "$a", endDate: "$b", unit: "month" } }, doc), long(1));
    expectBson(evaluate({ $dateDiff: { startDate: "$a", endDate: "$b", unit: "day" } }, doc), long(1));
    expectBson(evaluate({ $dateDiff: { startDate: "$a", endDate: "$b", unit: "hour" } }, doc), long(2));
    expectBson(evaluate({ $dateDiff: { startDate: "$b", endDate: "$a", unit: "minute" } }, doc), long(-120));
    expectBson(
      evaluate({ $dateDiff: { startDate: "$a", endDate: "$b", unit: "year", timezone: "+03:00" } }, doc),
      long(0),
    );
    const week = { a: new Date("2021-01-02T00:00:00Z"), b: new Date("2021-01-03T00:00:00Z") }; // Sat -> Sun
    expectBson(evaluate({ $dateDiff: { startDate: "$a", endDate: "$b", unit: "week" } }, week), long(1));
    expectBson(
      evaluate({ $dateDiff: { startDate: "$a", endDate: "$b", unit: "week", startOfWeek: "mon" } }, week),
      long(0),
    );
    expect(evaluate({ $dateDiff: { startDate: "$missing", endDate: "$b", unit: "day" } }, doc)).toBeNull();
  });

  test("$dateTrunc", () => {
    const doc = { d: new Date("2021-03-15T10:37:12.345Z") }; // a Monday
    const trunc = (spec: object) => evaluate({ $dateTrunc: { date: "$d", ...spec } }, doc);
    expect(trunc({ unit: "hour" })).toEqual(new Date("2021-03-15T10:00:00Z"));
    expect(trunc({ unit: "minute", binSize: 15 })).toEqual(new Date("2021-03-15T10:30:00Z"));
    expect(trunc({ unit: "week" })).toEqual(new Date("2021-03-14T00:00:00Z"));
    expect(trunc({ unit: "week", startOfWeek: "monday" })).toEqual(new Date("2021-03-15T00:00:00Z"));
    expect(trunc({ unit: "month", binSize: 3 })).toEqual(new Date("2021-01-01T00:00:00Z"));
    expect(trunc({ unit: "year" })).toEqual(new Date("2021-01-01T00:00:00Z"));
    expect(trunc({ unit: "day", timezone: "+05:30" })).toEqual(new Date("2021-03-14T18:30:00Z"));
    expectCode(() => trunc({ unit: "day", binSize: 0 }), 5439017);
  });
});
