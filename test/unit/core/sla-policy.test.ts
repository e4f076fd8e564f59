import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  type BusinessHours,
  newBreaches,
  pickPolicy,
  type SlaPolicy,
  slaDueTimes,
} from "../../../src/core/sla";

// Shanghai office hours: Mon-Fri 09:00-18:00 at UTC+8 (01:00-10:00 UTC).
const OFFICE: BusinessHours = { utcOffsetMinutes: 480, days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };

describe("addBusinessMinutes", () => {
  it("runs around the clock without business hours", () => {
    expect(addBusinessMinutes(new Date("2026-11-27T23:00:00Z"), 120, null).toISOString()).toBe(
      "2026-11-28T01:00:00.000Z",
    );
  });

  it("counts inside a working day", () => {
    // Wed 10:00 local (02:00 UTC) + 2h = 12:00 local.
    expect(addBusinessMinutes(new Date("2026-11-25T02:00:00Z"), 120, OFFICE).toISOString()).toBe(
      "2026-11-25T04:00:00.000Z",
    );
  });

  it("carries over the night and the weekend", () => {
    // Fri 17:00 local (09:00 UTC) + 2h: 1h on Friday, 1h on Monday -> Mon 10:00 local (02:00 UTC).
    expect(addBusinessMinutes(new Date("2026-11-27T09:00:00Z"), 120, OFFICE).toISOString()).toBe(
      "2026-11-30T02:00:00.000Z",
    );
  });

  it("starts the clock at opening time when the ticket comes at night", () => {
    // Sat 03:00 local -> starts Mon 09:00 local; + 30 min = Mon 09:30 local (01:30 UTC).
    expect(addBusinessMinutes(new Date("2026-11-27T19:00:00Z"), 30, OFFICE).toISOString()).toBe(
      "2026-11-30T01:30:00.000Z",
    );
  });

  it("ignores unusable hours (no days, start after end)", () => {
    const from = new Date("2026-11-25T02:00:00Z");
    expect(addBusinessMinutes(from, 60, { ...OFFICE, days: [] }).getTime() - from.getTime()).toBe(3_600_000);
    expect(addBusinessMinutes(from, 60, { ...OFFICE, start: "18:00", end: "09:00" }).getTime() - from.getTime()).toBe(
      3_600_000,
    );
  });
});

const policy = (p: Partial<SlaPolicy>): SlaPolicy => ({
  id: "sla_x",
  priority: "normal",
  channel: "*",
  firstResponseMinutes: 60,
  nextResponseMinutes: 30,
  resolutionMinutes: 240,
  businessHours: null,
  ...p,
});

describe("pickPolicy", () => {
  const list = [
    policy({ id: "any", priority: "high" }),
    policy({ id: "tg", priority: "high", channel: "telegram" }),
    policy({ id: "normal", priority: "normal" }),
  ];
  it("prefers the channel's own policy, then the one for all channels", () => {
    expect(pickPolicy(list, "high", "telegram")?.id).toBe("tg");
    expect(pickPolicy(list, "high", "email")?.id).toBe("any");
    expect(pickPolicy(list, "low", "email")).toBeNull();
  });
});

describe("slaDueTimes and newBreaches", () => {
  const created = "2026-11-25T00:00:00.000Z";
  const due = slaDueTimes(created, policy({}));
  const base = {
    ...due,
    firstResponseAt: null,
    resolvedAt: null,
    firstResponseBreachedAt: null,
    resolutionBreachedAt: null,
  };

  it("computes both due times", () => {
    expect(due).toEqual({
      firstResponseDueAt: "2026-11-25T01:00:00.000Z",
      resolutionDueAt: "2026-11-25T04:00:00.000Z",
    });
  });

  it("finds nothing before the due time", () => {
    expect(newBreaches(base, new Date("2026-11-25T00:59:00Z"))).toEqual({ firstResponse: null, resolution: null });
  });

  it("stamps an overdue first response with its due time", () => {
    expect(newBreaches(base, new Date("2026-11-25T01:01:00Z"))).toEqual({
      firstResponse: due.firstResponseDueAt,
      resolution: null,
    });
  });

  it("an answer in time is no breach; a late one is", () => {
    const now = new Date("2026-11-25T02:00:00Z");
    expect(newBreaches({ ...base, firstResponseAt: "2026-11-25T00:30:00Z" }, now).firstResponse).toBeNull();
    expect(newBreaches({ ...base, firstResponseAt: "2026-11-25T01:30:00Z" }, now).firstResponse).toBe(
      due.firstResponseDueAt,
    );
  });

  it("does not report a breach twice", () => {
    const now = new Date("2026-11-25T05:00:00Z");
    expect(
      newBreaches(
        { ...base, firstResponseBreachedAt: due.firstResponseDueAt, resolutionBreachedAt: due.resolutionDueAt },
        now,
      ),
    ).toEqual({ firstResponse: null, resolution: null });
  });
});
