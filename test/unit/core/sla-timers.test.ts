import { describe, expect, it } from "vitest";
import {
  type NextResponseClock,
  newNextResponseBreach,
  nextResponseDueAt,
  nextResponseStep,
  type SlaEvent,
} from "../../../src/core/sla";
import {
  countdown,
  EN_UNITS,
  formatRemaining,
  mostUrgent,
  runningSlaTimers,
  type SlaTimerSource,
  SOON_SHARE,
  slaTimerStates,
} from "../../../src/core/sla-timers";
import { mulberry32 } from "../../support/random";

const MIN = 60_000;
const seed = Date.now() % 1_000_000;
const r = mulberry32(seed);
const int = (n: number) => Math.floor(r() * n);
const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.parse("2026-12-01T00:00:00.000Z");

describe(`formatRemaining (seed ${seed})`, () => {
  it("formats the examples", () => {
    expect(formatRemaining(12 * MIN + 30_000)).toBe("12m");
    expect(formatRemaining((2 * 60 + 5) * MIN)).toBe("2h 5m");
    expect(formatRemaining(-3 * MIN)).toBe("-3m");
    expect(formatRemaining(-1000)).toBe("-1m");
    expect(formatRemaining(59_000)).toBe("0m");
    expect(formatRemaining(2 * 60 * MIN)).toBe("2h");
    expect(formatRemaining((3 * 1440 + 4 * 60 + 7) * MIN)).toBe("3d 4h");
    expect(formatRemaining((2 * 60 + 5) * MIN, { d: "天", h: "小时", m: "分", sep: "" })).toBe("2小时5分");
  });

  it("reads back to the whole minutes it stands for, on generated durations", () => {
    for (let i = 0; i < 2000; i++) {
      const ms = (r() < 0.5 ? -1 : 1) * int(10 * 1440 * MIN);
      const text = formatRemaining(ms, EN_UNITS);
      const m = /^(-?)(?:(\d+)d)? ?(?:(\d+)h)? ?(?:(\d+)m)?$/.exec(text);
      expect(m, text).not.toBeNull();
      const [, sign, d, h, mm] = m as RegExpExecArray;
      const minutes = Number(d ?? 0) * 1440 + Number(h ?? 0) * 60 + Number(mm ?? 0);
      const exact = ms < 0 ? Math.ceil(-ms / MIN) : Math.floor(ms / MIN);
      expect(sign === "-", text).toBe(ms < 0);
      if (exact >= 1440)
        expect(minutes, text).toBe(exact - (exact % 60)); // days and hours only
      else expect(minutes, text).toBe(exact);
      expect(text).not.toBe("-0m");
    }
  });
});

function source(over: Partial<SlaTimerSource> = {}): SlaTimerSource {
  return {
    status: "open",
    createdAt: iso(T0),
    firstResponseAt: null,
    firstResponseDueAt: iso(T0 + 60 * MIN),
    resolvedAt: null,
    resolutionDueAt: iso(T0 + 600 * MIN),
    nextResponseSince: null,
    nextResponseDueAt: null,
    ...over,
  };
}

describe("countdown and urgency on generated times", () => {
  it("is ok, then soon under a quarter of the target, then overdue past due", () => {
    for (let i = 0; i < 2000; i++) {
      const start = T0 + int(1440 * MIN);
      const span = (1 + int(5000)) * MIN;
      const now = start + int(2 * span);
      const c = countdown({ kind: "first_response", startedAt: iso(start), dueAt: iso(start + span) }, now);
      const left = start + span - now;
      expect(c.remainingMs).toBe(left);
      const want = left < 0 ? "overdue" : left < span * SOON_SHARE ? "soon" : "ok";
      expect(c.urgency, `${left}/${span}`).toBe(want);
    }
  });

  it("the most urgent is the one with the least time left, the most overdue first", () => {
    for (let i = 0; i < 500; i++) {
      const now = T0 + int(1000 * MIN);
      const timers = runningSlaTimers(
        source({
          firstResponseDueAt: iso(T0 + int(2000) * MIN),
          resolutionDueAt: iso(T0 + int(4000) * MIN),
          ...(r() < 0.5 ? { firstResponseAt: iso(T0 + MIN) } : {}),
          ...(r() < 0.5 ? { nextResponseSince: iso(T0 + 5 * MIN), nextResponseDueAt: iso(T0 + int(2000) * MIN) } : {}),
        }),
      );
      const best = mostUrgent(timers, now);
      const min = Math.min(...timers.map((t) => Date.parse(t.dueAt)));
      expect(best && Date.parse(best.dueAt)).toBe(min);
    }
    expect(mostUrgent([], T0)).toBeNull();
  });
});

describe("which clocks run (the sweep's rules)", () => {
  it("runs for new, open and pending alike (pending does not pause); none once resolved or closed", () => {
    for (const status of ["new", "open", "pending"]) {
      expect(runningSlaTimers(source({ status })).map((t) => t.kind)).toEqual(["first_response", "resolution"]);
    }
    for (const status of ["resolved", "closed"]) expect(runningSlaTimers(source({ status }))).toEqual([]);
  });

  it("stops the first response at the reply, runs the next response while a customer waits", () => {
    const replied = source({
      firstResponseAt: iso(T0 + 10 * MIN),
      nextResponseSince: iso(T0 + 20 * MIN),
      nextResponseDueAt: iso(T0 + 50 * MIN),
    });
    expect(runningSlaTimers(replied)).toEqual([
      { kind: "next_response", startedAt: iso(T0 + 20 * MIN), dueAt: iso(T0 + 50 * MIN) },
      { kind: "resolution", startedAt: iso(T0), dueAt: iso(T0 + 600 * MIN) },
    ]);
    const states = slaTimerStates({ ...replied, firstResponseBreachedAt: null }, T0 + 60 * MIN);
    expect(states.map((s) => s.state)).toEqual(["met", "running", "running"]);
    const overdue = states[1];
    expect(overdue?.state === "running" && overdue.countdown.urgency).toBe("overdue");
    const late = slaTimerStates(
      {
        ...source({ status: "resolved", firstResponseAt: iso(T0 + 70 * MIN), resolvedAt: iso(T0 + 80 * MIN) }),
        firstResponseBreachedAt: iso(T0 + 60 * MIN),
        resolutionBreachedAt: null,
        nextResponseBreachedAt: null,
      },
      T0 + 90 * MIN,
    );
    expect(late.map((s) => s.state)).toEqual(["missed", "idle", "met"]);
  });
});

describe("next-response clock on generated event sequences", () => {
  const kinds: SlaEvent["kind"][] = ["customer", "customer", "staff_reply", "note", "reopen"];
  it("runs exactly from the first customer message after a staff reply until the next staff reply", () => {
    for (let run = 0; run < 500; run++) {
      const events: SlaEvent[] = [];
      let at = T0;
      for (let i = 0, n = 1 + int(15); i < n; i++) {
        at += (1 + int(120)) * MIN;
        events.push({ kind: kinds[int(kinds.length)] as SlaEvent["kind"], at: iso(at) });
      }
      const clock = events.reduce<NextResponseClock>((c, e) => nextResponseStep(c, e), { replied: false, since: null });
      // The model, stated independently: the last staff reply; the first customer message after it (or the last reopen).
      const lastReply = events.map((e) => e.kind).lastIndexOf("staff_reply");
      const firstReply = events.findIndex((e) => e.kind === "staff_reply");
      let want: string | null = null;
      if (firstReply >= 0) {
        for (let i = lastReply + 1; i < events.length; i++) {
          const e = events[i] as SlaEvent;
          if (e.kind === "reopen") want = e.at;
          else if (e.kind === "customer" && want === null) want = e.at;
        }
      }
      expect(clock.replied).toBe(firstReply >= 0);
      expect(clock.since, JSON.stringify(events)).toBe(want);
    }
  });
});

describe("next-response due time and breach", () => {
  const policy = {
    id: "sla_x",
    priority: "normal" as const,
    channel: "*" as const,
    firstResponseMinutes: 60,
    nextResponseMinutes: 30,
    resolutionMinutes: 600,
    businessHours: { utcOffsetMinutes: 480, days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" },
  };
  it("counts in business hours like the other targets", () => {
    // Fri 17:50 local (09:50 UTC) + 30 min: 10 min on Friday, 20 on Monday -> Mon 09:20 local (01:20 UTC).
    expect(nextResponseDueAt("2026-11-27T09:50:00.000Z", policy)).toBe("2026-11-30T01:20:00.000Z");
    expect(nextResponseDueAt("2026-11-27T09:50:00.000Z", { ...policy, businessHours: null })).toBe(
      "2026-11-27T10:20:00.000Z",
    );
  });
  it("is a breach once per cycle, only past due", () => {
    for (let i = 0; i < 500; i++) {
      const due = T0 + int(1000) * MIN;
      const now = T0 + int(1000) * MIN;
      const stamped = r() < 0.3 ? iso(due) : r() < 0.5 ? iso(due - 5 * MIN) : null;
      const got = newNextResponseBreach(
        { nextResponseDueAt: iso(due), nextResponseBreachedAt: stamped },
        new Date(now),
      );
      expect(got).toBe(due < now && stamped !== iso(due) ? iso(due) : null);
    }
    expect(newNextResponseBreach({ nextResponseDueAt: null, nextResponseBreachedAt: null }, new Date())).toBeNull();
  });
});
