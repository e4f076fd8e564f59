// The admin screens' pure state logic (src/staff/admin-ui/client/state.ts).
import { describe, expect, it } from "vitest";
import {
  apiErrorFrom,
  errorText,
  fill,
  hoursLabel,
  minutesLabel,
  parseRulesJson,
  parseTicketRefs,
  removeById,
  SCREENS,
  screenFromHash,
  splitKeywords,
  tokenShown,
  upsertById,
} from "../../../src/staff/admin-ui/client/state";

describe("admin state", () => {
  it("maps a hash to a screen, anything unknown to the first", () => {
    for (const s of SCREENS) expect(screenFromHash(`#${s}`)).toBe(s);
    for (const junk of ["", "#", "#constructor", "#__proto__", "#users/../tokens", "#TOKENS", "tokens?x"]) {
      expect(screenFromHash(junk)).toBe("users");
    }
  });

  it("replaces or appends by id, and removes by id, without mutating", () => {
    const list = Object.freeze([
      { id: "a", n: 1 },
      { id: "b", n: 2 },
    ]);
    expect(upsertById(list, { id: "b", n: 3 })).toEqual([
      { id: "a", n: 1 },
      { id: "b", n: 3 },
    ]);
    expect(upsertById(list, { id: "c", n: 4 }).map((x) => x.id)).toEqual(["a", "b", "c"]);
    expect(removeById(list, "a")).toEqual([{ id: "b", n: 2 }]);
    expect(removeById(list, "zz")).toEqual(list);
  });

  it("fills {placeholders} and leaves unknown ones and canned {{variables}} alone", () => {
    expect(fill("Delete “{name}”?", { name: "A{b}" })).toBe("Delete “A{b}”?");
    expect(fill("{count} tickets, {other}", { count: 3 })).toBe("3 tickets, {other}");
    expect(fill("Hi {{customer_name}}", {})).toBe("Hi {{customer_name}}");
  });

  it("reads the JSON error shape, and anything else as the status", () => {
    const e = apiErrorFrom(400, {
      error: {
        code: "validation_failed",
        message: "The request is not valid",
        details: [{ path: "title", message: "too long" }, 7],
      },
    });
    expect(e).toEqual({
      status: 400,
      code: "validation_failed",
      message: "The request is not valid",
      details: [{ path: "title", message: "too long" }],
    });
    expect(errorText(e)).toBe("The request is not valid\ntitle: too long");
    for (const body of [null, "oops", { error: "x" }, { error: { code: 5 } }, []]) {
      expect(apiErrorFrom(502, body)).toMatchObject({
        status: 502,
        code: "http_502",
        message: "HTTP 502",
        details: [],
      });
    }
  });

  it("splits keywords on ascii and Chinese commas, trims, drops empty and repeated ones", () => {
    expect(splitKeywords(" deposit, not arrived ,,充值，未到账、deposit\n")).toEqual([
      "deposit",
      "not arrived",
      "充值",
      "未到账",
    ]);
    expect(splitKeywords("  ")).toEqual([]);
  });

  it("parses ticket numbers and ids in any layout and names what is neither", () => {
    const ids = ["tkt_abc123", "tkt_x9_y"];
    const n = () => 1 + Math.floor(Math.random() * 999_999);
    const [a, b, c] = [n(), n(), n()];
    const seps = [" ", ",", "，", "、", "\n", " ; ", "\t,  "];
    const sep = () => seps[Math.floor(Math.random() * seps.length)];
    const text = [`RD-${a}`, ids[0], `rd-${b}`, `#${c}`, `${a}`, ids[1], ids[0]].join(sep());
    expect(parseTicketRefs(text)).toEqual({ numbers: [`RD-${a}`, `RD-${b}`, `RD-${c}`], ids, bad: [] });
    expect(parseTicketRefs(`RD-${a} tkt_ok1 '; DROP TABLE x RD-0 RD-x ${"9".repeat(10)}`)).toEqual({
      numbers: [`RD-${a}`],
      ids: ["tkt_ok1"],
      bad: ["'", "DROP", "TABLE", "x", "RD-0", "RD-x", "9".repeat(10)],
    });
    expect(parseTicketRefs(`tkt_${"a".repeat(80)}`).ids).toEqual([]);
    expect(parseTicketRefs("  \n ,")).toEqual({ numbers: [], ids: [], bad: [] });
  });

  it("parses rules JSON or says why not", () => {
    expect(parseRulesJson('{"categories":[],"priorities":[]}')).toEqual({
      ok: true,
      rules: { categories: [], priorities: [] },
    });
    for (const bad of ["", "{", "[]", "null", "42", '"x"']) expect(parseRulesJson(bad).ok).toBe(false);
  });

  it("labels business hours, minutes and token prefixes", () => {
    const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    expect(hoursLabel({ utcOffsetMinutes: 480, days: [5, 1, 2, 3, 4], start: "09:00", end: "18:00" }, days)).toBe(
      "Mon–Fri 09:00–18:00 (UTC+08:00)",
    );
    expect(hoursLabel({ utcOffsetMinutes: -330, days: [0, 6], start: "10:00", end: "14:30" }, days)).toBe(
      "Sun Sat 10:00–14:30 (UTC-05:30)",
    );
    expect([15, 60, 90, 240, 1440, 1500, 2880].map(minutesLabel)).toEqual([
      "15 min",
      "1 h",
      "1 h 30 min",
      "4 h",
      "1 d",
      "1 d 1 h",
      "2 d",
    ]);
    expect(tokenShown("rdk_Ab3x")).toBe("rdk_Ab3x…");
    expect(tokenShown(null)).toBe("rdk_…");
  });
});
