/**
 * The import rules live in biome.json (`npm run lint`): channels import src/core and the desk port
 * only, the store imports only src/core, src/core imports nothing of the project. This checks what
 * an import rule cannot see: src/core does no I/O through globals either.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../../..");

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Code of a file without its comments (a comment may name fetch() to say it is not used). */
function code(path: string): string {
  return readFileSync(join(ROOT, path), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1");
}

const IO = [
  /\bfetch\s*\(/,
  /\.prepare\s*\(/,
  /\bD1Database\b/,
  /\bR2Bucket\b/,
  /\bcaches\./,
  /\bnew WebSocket\b/,
  /\bsetTimeout\s*\(/,
  /\bconsole\.(log|warn|error)\b/,
  /\benv\.[A-Z_]+/,
];

describe("layers", () => {
  const core = sources("src/core");

  it("src/core does no I/O: no fetch, no D1 or R2, no timers, no logs, no bindings", () => {
    expect(core.length).toBeGreaterThan(10);
    const found = core.flatMap((file) => IO.filter((re) => re.test(code(file))).map((re) => `${file}: ${re.source}`));
    expect(found).toEqual([]);
  });

  it("biome.json carries the import rules for channels, the store and the core", () => {
    const config = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8")) as {
      overrides: Array<{ includes: string[]; linter?: { rules?: { style?: { noRestrictedImports?: unknown } } } }>;
    };
    const ruled = config.overrides
      .filter((o) => o.linter?.rules?.style?.noRestrictedImports)
      .flatMap((o) => o.includes);
    expect(ruled).toEqual(expect.arrayContaining(["channels/**", "src/store/**", "src/core/*.ts", "src/core/*/**"]));
  });

  it("no channel file names the store, the staff side or a pipeline file other than the desk port", () => {
    const offenders = sources("channels").filter((file) =>
      /from "(\.\.\/)+src\/(store|staff)\b|from "(\.\.\/)+src\/pipeline\/(?!desk")/.test(code(file)),
    );
    expect(offenders).toEqual([]);
  });
});
