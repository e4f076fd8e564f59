// The admin screens' browser assets: the JavaScript stays under its size budget, never writes markup
// from data, and both languages carry every text the screens read.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script with no type declarations
import { bundleClient } from "../../../scripts/build-client.mjs";
import { adminTexts } from "../../../src/staff/admin-ui/i18n";
import { ADMIN_CSS } from "../../../src/staff/admin-ui/styles";

const CLIENT = resolve(import.meta.dirname, "../../../src/staff/admin-ui/client");
/** The budget for the admin screens' JavaScript as browsers download it (built, minified), gzipped. */
const JS_BUDGET_GZIP_BYTES = 40 * 1024;

function sources(dir = CLIENT): Array<{ file: string; code: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [{ file: e.name, code: readFileSync(join(dir, e.name), "utf8") }]
        : [],
  );
}

/** Every key path of a nested object; arrays count by their length. */
function shape(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return [`${prefix}[${value.length}]`];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

describe("admin screens' assets", () => {
  it("ship under 40 KB of gzipped JavaScript, built and minified under a content-hashed name", async () => {
    const files = (await bundleClient({ quiet: true })) as Array<{ name: string; file: string; contents: Uint8Array }>;
    const admin = files.find((f) => f.name === "admin.js");
    expect(admin?.file).toMatch(/^admin-[A-Z0-9]{8}\.js$/);
    const built = admin?.contents ?? new Uint8Array();
    const gzipped = gzipSync(built, { level: 9 }).length;
    console.info(`admin.js: ${built.length} bytes built, ${gzipped} gzipped`);
    expect(gzipped).toBeGreaterThan(5_000); // the real screens, not an empty file
    expect(gzipped).toBeLessThan(JS_BUDGET_GZIP_BYTES);
    // Only the page's boot data carries texts: neither language's dictionary is bundled.
    const text = new TextDecoder().decode(built);
    expect(text).not.toContain(adminTexts("zh").forbidden);
    expect(text).not.toContain(adminTexts("en").tokens.intro);
  });

  it("never builds DOM from strings: no innerHTML, dangerouslySetInnerHTML, document.write or eval", () => {
    for (const { file, code } of sources()) {
      for (const sink of [
        "innerHTML",
        "outerHTML",
        "dangerouslySetInnerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
      ]) {
        expect(code.includes(sink), `${file}: ${sink}`).toBe(false);
      }
    }
  });

  it("has every text in both languages, none empty, and every t.… the screens read exists", () => {
    expect(shape(adminTexts("zh"))).toEqual(shape(adminTexts("en")));
    const leaves = (v: unknown, at: string): Array<[string, unknown]> =>
      v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => leaves(x, `${at}.${k}`)) : [[at, v]];
    for (const [path, value] of leaves(adminTexts("zh"), "zh")) expect(value, path).toBeTruthy();
    const known = new Set(shape(adminTexts("en")).map((p) => p.replace(/\[\d+\]$/, "")));
    const used = sources().flatMap(({ code }) =>
      [...code.matchAll(/\bt\.((?:\w+\.)*\w+)/g)].map((m) => m[1] as string),
    );
    expect(used.length).toBeGreaterThan(80);
    for (const key of used) {
      // `t.sla.dayNames.map` reads a known list: a method of a leaf counts as the leaf.
      const leaf = key.replace(/\.(map|join|length)$/, "");
      const ok = known.has(leaf) || [...known].some((k) => k.startsWith(`${key}.`));
      expect(ok, key).toBe(true);
    }
  });

  it("every client file stays small, and the stylesheet has a phone layout", () => {
    for (const { file, code } of sources()) expect(code.split("\n").length, file).toBeLessThan(300);
    expect(ADMIN_CSS).toMatch(/@media \(max-width:760px\)/);
  });
});
