import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PACKAGE = fileURLToPath(new URL("../../../../packages/discord-relay/", import.meta.url));
const SRC = join(PACKAGE, "src");
const manifest = JSON.parse(readFileSync(join(PACKAGE, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
};

/** Every module specifier in a file: static and dynamic imports, re-exports, and type imports through import(). */
function specifiers(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm);
  return [...found].map((m) => m[1] as string);
}

describe("the relay package stands alone", () => {
  const files = readdirSync(SRC).filter((f) => /\.m?[jt]s$/.test(f));

  it("has source files to check", () => {
    expect(files).toEqual(expect.arrayContaining(["main.mjs", "relay.mjs", "forward.mjs", "settings.mjs"]));
  });

  it("imports only Node built-ins, its declared dependencies and its own src/ (never the Worker)", () => {
    const declared = Object.keys(manifest.dependencies ?? {});
    const bad: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(readFileSync(join(SRC, file), "utf8"))) {
        const own = spec.startsWith("./") && !spec.slice(2).includes("/");
        const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
        if (!(own || spec.startsWith("node:") || declared.includes(pkg as string))) bad.push(`${file}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("the specifier scan sees what it must refuse", () => {
    const src = `import { a } from "../../../src/store/x.ts";\nexport * from '../../channels/discord/schemas';\nconst z = await import("hono");`;
    expect(specifiers(src)).toEqual(["../../../src/store/x.ts", "../../channels/discord/schemas", "hono"]);
  });
});
