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

/**
 * D1 at work: a statement prepared from SQL, a batch, the handle's own calls, D1's statement and
 * result types. Only src/store may show them (an adapter's own `prepare(msg, ctx)` is no SQL).
 */
const D1_USE = [
  /\.prepare\s*\(\s*[`"']/,
  /\b(?:db|DB)\s*\.\s*(?:prepare|batch|exec|dump)\s*\(/,
  /\.batch\s*\(/,
  /\bD1PreparedStatement\b/,
  /\bD1Result\b/,
];

function d1Uses(text: string): string[] {
  return D1_USE.filter((re) => re.test(text)).map((re) => re.source);
}

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

  it("the D1 check sees SQL, batches and D1's types, and not an adapter's prepare()", () => {
    const sql = `SELECT id FROM tickets WHERE id = ?1`;
    for (const text of [
      `await env.DB.prepare("${sql}").bind(id).first()`,
      `db.prepare(\`${sql}\`)`,
      "const sql = q; await db.prepare(sql).run()",
      "await env.DB.batch(statements)",
      "const r: D1Result | undefined = results[0]",
      "function f(s: D1PreparedStatement[]) {}",
    ]) {
      expect(d1Uses(text), text).not.toEqual([]);
    }
    expect(d1Uses("const steps = await withSandbox(adapter, deps, record).prepare(msg, ctx);")).toEqual([]);
  });

  it("no SQL, D1 statement or D1 result outside src/store: the pipeline and channels call typed store functions", () => {
    const files = [...sources("src/pipeline"), ...sources("channels")];
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => d1Uses(code(file)).map((re) => `${file}: ${re}`));
    expect(found).toEqual([]);
  });
});
