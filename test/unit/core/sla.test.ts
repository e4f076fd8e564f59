import { describe, expect, it } from "vitest";
import { expectedResponseHours, firstResponseDue } from "../../../src/core/sla";

const OPENED = new Date("2026-08-15T12:00:00.000Z");
const HOUR = 3_600_000;

describe("firstResponseDue", () => {
  it("scales the normal target by priority", () => {
    expect(firstResponseDue(OPENED, "normal", 24).getTime() - OPENED.getTime()).toBe(24 * HOUR);
    expect(firstResponseDue(OPENED, "urgent", 24).getTime() - OPENED.getTime()).toBe(3 * HOUR);
    expect(firstResponseDue(OPENED, "high", 24).getTime() - OPENED.getTime()).toBe(12 * HOUR);
    expect(firstResponseDue(OPENED, "low", 24).getTime() - OPENED.getTime()).toBe(48 * HOUR);
  });

  it("returns an ISO-ready date from the opening time", () => {
    expect(firstResponseDue(OPENED, "normal", 8).toISOString()).toBe("2026-08-15T20:00:00.000Z");
  });

  it("does not change the date it was given", () => {
    const opened = new Date(OPENED);
    firstResponseDue(opened, "low", 24);
    expect(opened.getTime()).toBe(OPENED.getTime());
  });
});

describe("expectedResponseHours", () => {
  it("scales and rounds the normal target by priority", () => {
    expect(expectedResponseHours("normal", 24)).toBe(24);
    expect(expectedResponseHours("urgent", 24)).toBe(3);
    expect(expectedResponseHours("high", 24)).toBe(12);
    expect(expectedResponseHours("low", 24)).toBe(48);
    expect(expectedResponseHours("high", 5)).toBe(3); // 2.5 rounds up
  });

  it("never promises less than one hour", () => {
    expect(expectedResponseHours("urgent", 2)).toBe(1);
    expect(expectedResponseHours("urgent", 1)).toBe(1);
  });
});
