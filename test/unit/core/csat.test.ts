import { describe, expect, it } from "vitest";
import { csatButtonData, csatQuestion, parseCsatButton, parseRating, summarizeCsat } from "../../../src/core/csat";

describe("CSAT buttons", () => {
  it("round-trip a ticket and a rating within Telegram's 64 bytes", () => {
    const data = csatButtonData("tkt_lq2k3a9x0f4e8h1m7c2babcdefgh", 4);
    expect(new TextEncoder().encode(data).byteLength).toBeLessThanOrEqual(64);
    expect(parseCsatButton(data)).toEqual({ ticketId: "tkt_lq2k3a9x0f4e8h1m7c2babcdefgh", rating: 4 });
  });

  it("refuse ratings outside 1-5 and other payloads", () => {
    expect(parseCsatButton("csat:tkt_a:0")).toBeNull();
    expect(parseCsatButton("csat:tkt_a:6")).toBeNull();
    expect(parseCsatButton("cat:tkt_a:deposit")).toBeNull();
    expect(parseCsatButton("csat::3")).toBeNull();
  });
});

describe("parseRating", () => {
  it("takes 1-5 as number or string, nothing else", () => {
    expect(parseRating(5)).toBe(5);
    expect(parseRating(" 3 ")).toBe(3);
    expect(parseRating("0")).toBeNull();
    expect(parseRating("4.5")).toBeNull();
    expect(parseRating(undefined)).toBeNull();
    expect(parseRating("five")).toBeNull();
  });
});

describe("the question", () => {
  it("has buttons on chat channels and a link elsewhere", () => {
    expect(csatQuestion("en", "RD-1001", null)).toContain("Tap a button");
    expect(csatQuestion("en", "RD-1001", "https://x.test/t/abc#csat")).toContain("https://x.test/t/abc#csat");
    expect(csatQuestion("zh", "RD-1001", null)).toContain("RD-1001 已解决");
  });
});

describe("summarizeCsat", () => {
  it("counts, averages and the share rated 4-5", () => {
    expect(summarizeCsat([5, 4, 3, 1])).toEqual({
      responses: 4,
      average: 3.25,
      satisfied: 0.5,
      distribution: { "1": 1, "2": 0, "3": 1, "4": 1, "5": 1 },
    });
  });

  it("has no average without ratings", () => {
    expect(summarizeCsat([])).toMatchObject({ responses: 0, average: null, satisfied: null });
  });
});
