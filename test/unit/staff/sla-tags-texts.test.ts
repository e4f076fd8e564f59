import { describe, expect, it } from "vitest";
import { SLA_TIMER_KINDS } from "../../../src/core/sla-timers";
import { slaTagTexts } from "../../../src/staff/ui/i18n-slatags";

const shape = (o: object): string[] =>
  Object.entries(o)
    .flatMap(([k, v]) => (v && typeof v === "object" ? shape(v).map((s) => `${k}.${s}`) : [k]))
    .sort();

describe("SLA timer and tag texts", () => {
  it("has every text in both languages, a label for every clock", () => {
    expect(shape(slaTagTexts("zh"))).toEqual(shape(slaTagTexts("en")));
    for (const lang of ["en", "zh"] as const) {
      const t = slaTagTexts(lang);
      for (const k of SLA_TIMER_KINDS) expect(t.timers[k], `${lang} ${k}`).toBeTruthy();
      expect(t.dueTitle).toContain("{time}");
      expect(t.filterByTag).toContain("{tag}");
    }
  });
});
