/**
 * Every package the code imports is declared in package.json. A package that only arrives as
 * another package's dependency works until that package drops or moves it, then the build breaks
 * on a fresh install for a reason nobody can see in our manifest.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const SCANNED = ["src", "channels", "scripts", "bench", "test"];
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIPPED_DIRS = new Set(["node_modules", "artifacts", ".wrangler"]);

/** Virtual modules the runtime or the test pool provides; no package behind them. */
const VIRTUAL = new Set(["__STATIC_CONTENT_MANIFEST"]);

/** Static imports and re-exports, side-effect imports, dynamic imports and `require` calls. */
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^'"`;]*?\sfrom\s*["']([^"']+)["']/gm,
  /^\s*import\s*["']([^"']+)["']/gm,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\(\s*["']([^"']+)["']\s*\)/g,
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...sourceFiles(join(dir, entry.name)));
    } else if (SOURCE.test(entry.name)) out.push(join(dir, entry.name));
  }
  return out;
}

/** The bare specifiers of a file's imports. */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  for (const pattern of SPECIFIERS) for (const m of code.matchAll(pattern)) found.add(m[1] as string);
  return [...found];
}

/** The package a specifier resolves into, or null for builtins, relative paths and virtual modules. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return null;
  if (/^[a-z]+:/.test(specifier)) return null; // node:, cloudflare:, and other scheme-qualified modules
  if (VIRTUAL.has(specifier)) return null;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
  if (builtinModules.includes(name)) return null;
  return name;
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);

describe("declared imports", () => {
  it("finds the import forms the code uses (so the scan below cannot pass by reading nothing)", () => {
    const code = [
      'import { a } from "pkg-a";',
      'import type { B } from "@scope/pkg-b/sub/path.js";',
      'export { c } from "pkg-c/deep";',
      'import "pkg-d";',
      'const e = await import("pkg-e");',
      'import {\n  f,\n  g,\n} from "pkg-f";',
      'import { h } from "./local";',
      'import { i } from "node:fs";',
      'import { env } from "cloudflare:workers";',
    ].join("\n");
    expect(importsOf(code).map(packageOf).filter(Boolean)).toEqual([
      "pkg-a",
      "@scope/pkg-b",
      "pkg-c",
      "pkg-f",
      "pkg-d",
      "pkg-e",
    ]);
    expect(packageOf("fs")).toBeNull();
    expect(packageOf("__STATIC_CONTENT_MANIFEST")).toBeNull();
  });

  it("every package imported by src/, channels/, scripts/, bench/ and test/ is in package.json", () => {
    // This file's own examples above are not imports.
    const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d))).filter((f) => f !== import.meta.filename);
    expect(files.length).toBeGreaterThan(100);
    const undeclared = new Map<string, string[]>();
    let imported = 0;
    for (const file of files) {
      for (const spec of importsOf(readFileSync(file, "utf8"))) {
        const pkg = packageOf(spec);
        if (!pkg) continue;
        imported += 1;
        if (!declared.has(pkg)) undeclared.set(pkg, [...(undeclared.get(pkg) ?? []), relative(ROOT, file)]);
      }
    }
    // The scan saw the packages we know the code uses (grammy, hono, vitest...).
    expect(imported).toBeGreaterThan(50);
    expect(Object.fromEntries(undeclared)).toEqual({});
  });
});
