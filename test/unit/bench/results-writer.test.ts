/** `npm run bench` rewrites only its own section of bench/RESULTS.md; other scripts' sections stay as they are. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs bench helper without type declarations
import { writeSection } from "../../../bench/lib.mjs";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(content: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), "rd-results-"));
  dirs.push(dir);
  const path = join(dir, "RESULTS.md");
  if (content !== null) writeFileSync(path, content);
  return path;
}

const triage = "<!-- triage-accuracy:start -->\n## Triage accuracy\n| a | b |\n<!-- triage-accuracy:end -->";

describe("writeSection", () => {
  it("replaces its own section in place and keeps the others byte for byte", () => {
    const path = file(
      `# Benchmark results\n\n${triage}\n\n<!-- issue8-bench:start -->\nold\n<!-- issue8-bench:end -->\n\ntail\n`,
    );
    writeSection(path, "issue8-bench", "new figures");
    const out = readFileSync(path, "utf8");
    expect(out).toContain(triage);
    expect(out).toContain("<!-- issue8-bench:start -->\nnew figures\n<!-- issue8-bench:end -->");
    expect(out).not.toContain("old");
    expect(out.indexOf(triage)).toBeLessThan(out.indexOf("new figures"));
    expect(out.endsWith("tail\n")).toBe(true);
  });

  it("appends the section when it is missing, and creates the file when there is none", () => {
    const existing = file(`# Benchmark results\n\n${triage}\n`);
    writeSection(existing, "issue8-bench", "figures");
    expect(readFileSync(existing, "utf8")).toBe(
      `# Benchmark results\n\n${triage}\n\n<!-- issue8-bench:start -->\nfigures\n<!-- issue8-bench:end -->\n`,
    );
    const fresh = file(null);
    writeSection(fresh, "issue8-bench", "figures");
    expect(readFileSync(fresh, "utf8")).toContain("<!-- issue8-bench:start -->\nfigures");
  });
});
