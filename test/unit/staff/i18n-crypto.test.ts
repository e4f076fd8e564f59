// The crypto panel's texts: both languages say everything, for every kind, chain and secret kind.
import { describe, expect, it } from "vitest";
import { ENTITY_KINDS } from "../../../src/core/entities";
import { CHAINS } from "../../../src/core/explorers";
import { SECRET_KINDS } from "../../../src/core/redact";
import { cryptoTexts } from "../../../src/staff/ui/i18n-crypto";

const shape = (v: unknown): unknown =>
  v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;

describe("crypto panel texts", () => {
  it("has the same keys in English and Chinese, none empty, and different words", () => {
    const en = cryptoTexts("en");
    const zh = cryptoTexts("zh");
    expect(shape(zh)).toEqual(shape(en));
    for (const t of [en, zh]) {
      expect(Object.keys(t.kinds).sort()).toEqual([...ENTITY_KINDS].sort());
      expect(Object.keys(t.chains).sort()).toEqual([...CHAINS].sort());
      expect(Object.keys(t.secretKinds).sort()).toEqual([...SECRET_KINDS].sort());
      const all = JSON.stringify(t).match(/"[^"]*"/g) ?? [];
      expect(all).not.toContain('""');
    }
    expect(zh.title).not.toBe(en.title);
    expect(en.openIn).toContain("{name}");
    expect(zh.openIn).toContain("{name}");
    expect(zh.redactedNote).toContain("{kinds}");
  });
});
