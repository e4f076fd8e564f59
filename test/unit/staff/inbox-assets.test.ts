// The staff inbox's browser assets: the JavaScript stays under its size budget, never writes
// markup from data, and both languages carry every text.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inboxTexts, pickInboxLanguage } from "../../../src/staff/ui/i18n";
import { identityTexts } from "../../../src/staff/ui/i18n-identity";
import { layoutTexts } from "../../../src/staff/ui/i18n-layout";
import { INBOX_CSS } from "../../../src/staff/ui/styles";

const SCRIPT = readFileSync(resolve(import.meta.dirname, "../../../src/staff/ui/inbox.client.js"), "utf8");
/** The budget for the page's JavaScript, gzipped. */
const JS_BUDGET_GZIP_BYTES = 100 * 1024;

/** Every key path of a nested object, e.g. `views.mine`; arrays count by their length. */
function shape(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return [`${prefix}[${value.length}]`];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

describe("staff inbox assets", () => {
  it("ships under 100 KB of gzipped JavaScript", () => {
    const gzipped = gzipSync(SCRIPT, { level: 9 }).length;
    console.info(`inbox.client.js: ${SCRIPT.length} bytes, ${gzipped} gzipped`);
    expect(gzipped).toBeGreaterThan(1_000); // the real script, not an empty file
    expect(gzipped).toBeLessThan(JS_BUDGET_GZIP_BYTES);
  });

  it("never builds DOM from strings: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval", () => {
    const code = SCRIPT.replace(/^\s*\/\/.*$/gm, ""); // comments may name what the code avoids
    for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"]) {
      expect(code.includes(sink), sink).toBe(false);
    }
  });

  it("has every text in both languages", () => {
    expect(shape(inboxTexts("zh"))).toEqual(shape(inboxTexts("en")));
    for (const [path, value] of Object.entries(inboxTexts("zh"))) {
      expect(value, path).toBeTruthy();
    }
  });

  it("every text key the script reads exists", () => {
    const keys = new Set([
      ...Object.keys(inboxTexts("en")),
      ...Object.keys(identityTexts("en")),
      ...Object.keys(layoutTexts("en")),
    ]);
    expect(Object.keys(identityTexts("zh")).sort()).toEqual(Object.keys(identityTexts("en")).sort());
    expect(Object.keys(layoutTexts("zh")).sort()).toEqual(Object.keys(layoutTexts("en")).sort());
    const used = [...SCRIPT.matchAll(/\bT\.(\w+)/g), ...SCRIPT.matchAll(/\btr\("(\w+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(20);
    for (const key of used) expect(keys.has(key as string), key).toBe(true);
  });

  it("picks the language: ?lang, then the remembered choice, then Accept-Language, else English", () => {
    expect(pickInboxLanguage({ query: "zh", cookie: "en", acceptLanguage: "en" })).toBe("zh");
    expect(pickInboxLanguage({ query: undefined, cookie: "zh", acceptLanguage: "en-US" })).toBe("zh");
    expect(pickInboxLanguage({ query: "fr", cookie: undefined, acceptLanguage: "zh-TW,zh;q=0.9" })).toBe("zh");
    expect(pickInboxLanguage({ query: undefined, cookie: undefined, acceptLanguage: "de-DE" })).toBe("en");
  });

  it("has a phone layout", () => {
    expect(INBOX_CSS).toMatch(/@media \(max-width:760px\)/);
  });
});
