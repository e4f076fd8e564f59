#!/usr/bin/env node
/**
 * The Worker bundle as `wrangler deploy --dry-run` builds it: its size (raw and gzipped), the
 * packages in it (from the source map), the browser code its [build] writes into the static
 * assets (raw and gzipped), and whether discord.js got in (it must not: the
 * gateway client belongs to the relay, packages/discord-relay/).
 *   node bench/bundle-size.mjs          prints JSON
 *   node bench/bundle-size.mjs --write  also updates the discord-bundle section of bench/RESULTS.md
 * Exits 1 when discord.js is in the bundle. Runs wrangler with the `node` devDependency (Node 22).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = new URL("../", import.meta.url).pathname;
const NODE = existsSync(join(ROOT, "node_modules/.bin/node")) ? join(ROOT, "node_modules/.bin/node") : process.execPath;
const RESULTS = join(ROOT, "bench/RESULTS.md");
const START = "<!-- discord-bundle:start -->";
const END = "<!-- discord-bundle:end -->";

const outdir = mkdtempSync(join(tmpdir(), "rd-bundle-"));
try {
  const build = spawnSync(
    NODE,
    [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" }, encoding: "utf8" },
  );
  if (build.status !== 0) {
    console.error(`wrangler deploy --dry-run failed:\n${build.stdout}\n${build.stderr}`);
    process.exit(2);
  }
  const code = readFileSync(join(outdir, "index.js"));
  const map = JSON.parse(readFileSync(join(outdir, "index.js.map"), "utf8"));

  /** Source bytes per package (the map's sourcesContent), the largest first. */
  const perPackage = new Map();
  map.sources.forEach((source, i) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
    const name = m ? m[1] : "(relaydesk)";
    perPackage.set(name, (perPackage.get(name) ?? 0) + (map.sourcesContent?.[i]?.length ?? 0));
  });
  const packages = [...perPackage.entries()].sort((a, b) => b[1] - a[1]);
  // What wrangler itself reports for the whole upload (every module, the staff page's script too).
  const upload = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(build.stdout);
  // The browser code wrangler's [build] wrote into the static assets: uploaded beside the Worker, not in it.
  const assetsDir = join(ROOT, "dist/client/staff/assets");
  const manifest = JSON.parse(readFileSync(join(assetsDir, "manifest.json"), "utf8"));
  const assets = Object.fromEntries(
    Object.entries(manifest).map(([name, path]) => {
      const file = readFileSync(join(ROOT, "dist/client", path));
      return [name, { bytes: file.byteLength, gzipBytes: gzipSync(file, { level: 9 }).byteLength }];
    }),
  );
  const result = {
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    upload: upload ? { kib: Number(upload[1]), gzipKib: Number(upload[2]) } : null,
    discordJs: map.sources.some((s) => /node_modules\/discord\.js\//.test(s)),
    discordjsRest: map.sources.some((s) => /node_modules\/@discordjs\/rest\//.test(s)),
    packages: Object.fromEntries(packages),
    assets,
  };
  console.log(JSON.stringify(result, null, 2));

  if (process.argv.includes("--write")) {
    const kib = (n) => (n / 1024).toFixed(1);
    const top = packages
      .slice(0, 8)
      .map(([name, bytes]) => `| ${name} | ${kib(bytes)} |`)
      .join("\n");
    const section = `${START}
## Worker bundle with the Discord channel (\`node bench/bundle-size.mjs --write\`)

\`wrangler deploy --dry-run --outdir …\` on ${new Date().toISOString().slice(0, 10)}: **${kib(result.bytes)} KiB**, **${kib(result.gzipBytes)} KiB gzipped**${result.upload ? ` (wrangler's own "Total Upload" of every module: ${result.upload.kib} KiB / gzip ${result.upload.gzipKib} KiB)` : ""}
(gzip -9 of \`index.js\`; Cloudflare's limit is 3 MiB gzipped on the free plan, 10 MiB on paid).
Browser code is a static asset outside the Worker (\`scripts/build-client.mjs\`, minified, content-hashed): ${Object.entries(
      assets,
    )
      .map(([name, a]) => `\`${name}\` ${kib(a.bytes)} KiB, **${kib(a.gzipBytes)} KiB gzipped**`)
      .join("; ")}.
discord.js in the bundle: **${result.discordJs ? "yes (a bug)" : "no"}** — it runs only in the gateway relay
(\`packages/discord-relay/\`); the Worker uses \`@discordjs/rest\` (${result.discordjsRest ? "present" : "absent"}) and hand-written
interaction handling. A unit test (\`test/unit/bench/bundle-size.test.ts\`) fails if discord.js gets in.

Largest sources in the bundle (unminified source bytes from the source map, KiB):

| package | KiB |
| --- | ---: |
${top}
${END}`;
    const current = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "# Benchmark results\n";
    const next =
      current.includes(START) && current.includes(END)
        ? current.slice(0, current.indexOf(START)) + section + current.slice(current.indexOf(END) + END.length)
        : `${current.trimEnd()}\n\n${section}\n`;
    writeFileSync(RESULTS, next);
  }
  process.exit(result.discordJs ? 1 : 0);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
