// Notification texts: both languages say everything, with the placeholders a notification fills.
import { describe, expect, it } from "vitest";
import { NOTIFY_KINDS } from "../../../src/core/notify";
import { notifyTexts } from "../../../src/staff/ui/i18n-notify";

const shape = (v: unknown): unknown =>
  v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;

describe("notification texts", () => {
  it("has the same keys in English and Chinese, none empty, a label per kind, and the placeholders", () => {
    const en = notifyTexts("en");
    const zh = notifyTexts("zh");
    expect(shape(zh)).toEqual(shape(en));
    for (const t of [en, zh]) {
      expect(Object.keys(t.kinds).sort()).toEqual([...NOTIFY_KINDS].sort());
      expect(JSON.stringify(t).match(/"[^"]*"/g) ?? []).not.toContain('""');
      for (const s of [t.newTicket, t.customerReply, t.mention]) expect(s).toMatch(/\{number\}.*|\{name\}/);
      expect(t.newTicket).toContain("{number}");
      expect(t.mention).toContain("{name}");
      expect(t.slaBreach).toContain("{number}");
      expect(t.unreadInView).toContain("{n}");
    }
    expect(zh.title).not.toBe(en.title);
  });
});
