// The staff inbox's browser assets: the JavaScript stays under its size budget, never writes
// markup from data, and both languages carry every text.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script with no type declarations
import { bundleClient } from "../../../scripts/build-client.mjs";
import { inboxTexts, pickInboxLanguage } from "../../../src/staff/ui/i18n";
import { attachTexts } from "../../../src/staff/ui/i18n-attach";
import { identityTexts } from "../../../src/staff/ui/i18n-identity";
import { layoutTexts } from "../../../src/staff/ui/i18n-layout";
import { INBOX_CSS } from "../../../src/staff/ui/styles";

const CLIENT = resolve(import.meta.dirname, "../../../src/staff/ui/client");
/** Every source file of the inbox's browser code (src/staff/ui/client, subfolders included). */
function sources(dir = CLIENT): Array<{ file: string; code: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.[cm]?[jt]sx?$/.test(e.name)
        ? [{ file: join(dir, e.name), code: readFileSync(join(dir, e.name), "utf8") }]
        : [],
  );
}
const SOURCES = sources();
const SCRIPT = SOURCES.map((s) => s.code).join("\n");
/** The budget for the inbox's JavaScript as browsers download it (built, minified), gzipped. */
const JS_BUDGET_GZIP_BYTES = 60 * 1024;

/** Every key path of a nested object, e.g. `views.mine`; arrays count by their length. */
function shape(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return [`${prefix}[${value.length}]`];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

describe("staff inbox assets", () => {
  it("ships under 60 KB of gzipped JavaScript, built and minified under a content-hashed name", async () => {
    const files = (await bundleClient({ quiet: true })) as Array<{ name: string; file: string; contents: Uint8Array }>;
    const inbox = files.find((f) => f.name === "inbox.js");
    expect(inbox?.file).toMatch(/^inbox-[A-Z0-9]{8}\.js$/);
    const built = inbox?.contents ?? new Uint8Array();
    const gzipped = gzipSync(built, { level: 9 }).length;
    console.info(
      `inbox.js: ${SCRIPT.length} bytes of source in ${SOURCES.length} files, ${built.length} built, ${gzipped} gzipped`,
    );
    expect(gzipped).toBeGreaterThan(1_000); // the real script, not an empty file
    expect(built.length).toBeLessThan(SCRIPT.length); // minified
    expect(gzipped).toBeLessThan(JS_BUDGET_GZIP_BYTES);
    // The name follows the content: the same source builds to the same name, so caches stay valid.
    const again = (await bundleClient({ quiet: true })) as Array<{ file: string }>;
    expect(again.map((f) => f.file)).toEqual(files.map((f) => f.file));
  });

  it("never builds DOM from strings: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval", () => {
    expect(SOURCES.length).toBeGreaterThan(5); // the modules, not an empty folder
    expect(SOURCES.map((s) => s.file)).toContain(join(CLIENT, "main.ts"));
    const sinks = [
      "innerHTML",
      "outerHTML",
      "insertAdjacentHTML",
      "document.write",
      "eval(",
      "new Function",
      "createContextualFragment",
      "DOMParser",
      "dangerouslySetInnerHTML",
      "srcdoc",
    ];
    for (const { file, code } of SOURCES) {
      const stripped = code.replace(/^\s*\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, ""); // comments may name what the code avoids
      for (const sink of sinks) expect(stripped.includes(sink), `${sink} in ${file}`).toBe(false);
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
      // The bulk and confirmation texts ride as one object (src/staff/ui/i18n-bulk.ts).
      "bulk",
      // A group of its own (src/staff/ui/i18n-assign.ts; both languages checked in test/unit/staff/collision.test.ts).
      "assign",
      // Nested groups the script reads as `T.<group>.<key>` (their keys are typed by the compiler).
      "attach",
      // Live chat's texts (src/staff/ui/i18n-chat.ts; both languages checked in test/unit/staff/chat-state.test.ts).
      "chat",
    ]);
    expect(Object.keys(attachTexts("zh")).sort()).toEqual(Object.keys(attachTexts("en")).sort());
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
