#!/usr/bin/env node
/**
 * Secret redaction (`src/core/redact`): how it holds up against hostile input and how well it finds.
 *   1. Worst-case time of redactSecrets on 64 KB pathological messages vs a 64 KB ordinary
 *      support message timed in the same run (the ratio is the figure: linear detection keeps it small).
 *   2. Recall and false positives on the random generator of the unit tests
 *      (test/support/secret-generator.ts, lookalike-generator.ts) over several fresh seeds.
 *   3. False positives on real prose: this repository's README and docs, the triage sets, Chinese
 *      support prose (test/fixtures/corpus/zh-support-prose.txt), and the
 *      README files of the installed packages (English technical prose, code blocks removed).
 *   node bench/redaction.mjs            prints the section
 *   node bench/redaction.mjs --write    also writes it into bench/RESULTS.md (only this section)
 * REDACT_BENCH_SEEDS=8 sets how many generator seeds run (default 6).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT, writeSection } from "./lib.mjs";

const entry = `
  export { redactSecrets } from "./src/core/redact/index.ts";
  export { secretCases, leaks, LISTS } from "./test/support/secret-generator.ts";
  export { lookalikeCases } from "./test/support/lookalike-generator.ts";
`;
const out = await build({
  stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
  bundle: true,
  platform: "node",
  format: "esm",
  write: false,
  logLevel: "error",
});
const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
const { redactSecrets, secretCases, leaks, lookalikeCases, LISTS } = mod;

const KB64 = 64 * 1024;
const fill = (unit) => unit.repeat(Math.ceil(KB64 / unit.length)).slice(0, KB64);
const randomWords = (list, sep) => {
  let s = "";
  let i = 7;
  while (s.length < KB64) {
    i = (i * 1103515245 + 12345) % 2147483648;
    s += list[i % list.length] + sep;
  }
  return s.slice(0, KB64);
};
const hexChars = "0123456789abcdef";
const hexRun = (groupSize, sep) => {
  let s = "";
  let i = 3;
  while (s.length < KB64) {
    let g = "";
    for (let k = 0; k < groupSize; k++) {
      i = (i * 1103515245 + 12345) % 2147483648;
      g += hexChars[(i >> 8) & 15];
    }
    s += g + sep;
  }
  return s.slice(0, KB64);
};

// The ordinary message: support prose in both languages, as long as the hostile ones.
const ordinary = fill(
  "Hello, my withdrawal of 250 USDT has been pending since yesterday and the app shows no error. " +
    "I checked the network fee and my balance, please help me find out where the money is. " +
    "你好，我的提现已经两天了还没有到账，请帮忙查一下是什么原因，谢谢！\n",
);
const HOSTILE = {
  "`a ` repeated": fill("a "),
  "wordlist words (en), spaced": randomWords(LISTS.en, " "),
  "wordlist words (en), glued": randomWords(LISTS.en, ""),
  "wordlist words (en), zero-width joined": randomWords(LISTS.en, "\u200b"),
  "4-letter prefixes": randomWords(
    LISTS.en.map((w) => w.slice(0, 4)),
    " ",
  ),
  "wordlist characters (zh), unspaced": randomWords(LISTS["zh-Hans"], ""),
  "wordlist characters (zh), spaced": randomWords(LISTS["zh-Hans"], " "),
  "`助记词` + characters, repeated": fill("助记词的一是在不了有和人这中大为上个国我以要他"),
  "`密码是` repeated": fill("密码是"),
  "`password: ` repeated": fill("password: "),
  "`2FA code: 1 ` repeated": fill("2FA code: 1 "),
  "hex, one run": hexRun(KB64, ""),
  "hex in groups of 8": hexRun(8, " "),
  "hex in pairs with colons": hexRun(2, ":"),
  "`0x` repeated": fill("0x"),
  "base58 characters": fill("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
  "base58 in groups of 4": fill("L1aW 4aub KwDi Xf9Z "),
  '`{"` repeated': fill('{"'),
  '`{"ciphertext":` repeated': fill('{"ciphertext":'),
  "`[1,` repeated": fill("[1,"),
  "zero-width characters": fill("\u200b"),
  "soft hyphens and variation selectors": fill("\u00ad\ufe0f"),
  "full-width letters": fill("ａｂａｎｄｏｎ "),
  "Cyrillic look-alikes": fill("аbаndоn "),
  "numbering `1. `": fill("1. "),
  emoji: fill("🙏🔑"),
  "`seed ` repeated": fill("seed "),
  "`key ` + 64 hex, repeated": fill(`key ${"ab12".repeat(16)} `),
  "letters spelt out `a b c `": fill("a b c d e f g h "),
  "`-----BEGIN ` repeated": fill("-----BEGIN "),
  dashes: fill("-"),
  "hex groups between `<br>`": hexRun(8, "<br>> "),
  "`助记词` + characters over lines": fill("助记词\n的一是\n在不了\n有和人 这中大\n"),
  "`password\\n> ` repeated": fill("password\n> "),
  "`x is my key ` repeated": fill("ab12cd34 is my key "),
  "`<td>Password</td><td>` repeated": fill("<td>Password</td><td>"),
  "`[b]Password:[/b] ` repeated": fill("[b]Password:[/b] "),
  "`| Password | ` repeated": fill("| Password | "),
  "`my password is ` repeated": fill("my password is "),
  "`API key: ab3d ` repeated": fill("API key: ab3d "),
  "`[14:03] 资金密码\\n` repeated": fill("[14:03] 资金密码\n"),
};

function time(text) {
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    redactSecrets(text);
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return runs[3]; // median of 7 (the first runs warm up)
}

const base = time(ordinary);
const timed = Object.entries(HOSTILE)
  .map(([name, text]) => ({ name, ms: time(text) }))
  .sort((a, b) => b.ms - a.ms);
const worst = timed[0];

// 2. Generator recall / false positives.
const SEEDS = Number(process.env.REDACT_BENCH_SEEDS ?? 6);
const seeds = Array.from({ length: SEEDS }, () => Math.floor(Math.random() * 2 ** 31));
let secretsN = 0;
let found = 0;
let lookN = 0;
let touched = 0;
const byKind = {};
const misses = [];
const falsePositives = [];
for (const seed of seeds) {
  for (const c of secretCases(seed, 600)) {
    secretsN++;
    const r = redactSecrets(c.text);
    const leak = r.kinds.length ? leaks(c, r.text) : "everything";
    byKind[c.kind] ??= { n: 0, found: 0 };
    const k = byKind[c.kind];
    k.n++;
    if (!leak) {
      found++;
      k.found++;
    } else if (misses.length < 10) misses.push(`seed ${seed} [${c.layout}] ${JSON.stringify(c.text).slice(0, 160)}`);
  }
  for (const c of lookalikeCases(seed, 600)) {
    lookN++;
    const r = redactSecrets(c.text);
    if (r.text !== c.text) {
      touched++;
      if (falsePositives.length < 10) falsePositives.push(`seed ${seed} [${c.layout}] ${JSON.stringify(c.text)}`);
    }
  }
}

// 3. Real prose.
const proseFiles = [join(ROOT, "README.md")];
for (const f of readdirSync(join(ROOT, "docs"))) if (f.endsWith(".md")) proseFiles.push(join(ROOT, "docs", f));
const packageReadmes = execFileSync("find", [join(ROOT, "node_modules"), "-iname", "README*.md", "-size", "+2k"], {
  encoding: "utf8",
})
  .trim()
  .split("\n")
  .filter(Boolean);
const paragraphs = [];
for (const f of [...proseFiles, ...packageReadmes]) {
  const text = readFileSync(f, "utf8").replace(/```[\s\S]*?```/g, "\n\n");
  for (const p of text.split(/\n\s*\n/)) if (p.trim().length > 40) paragraphs.push({ f, p });
}
for (const set of ["triage-labelled.txt", "triage-heldout.txt"]) {
  const raw = readFileSync(join(ROOT, "test/fixtures/corpus", set), "utf8");
  for (const line of raw.split("\n"))
    if (line && !line.startsWith("#")) paragraphs.push({ f: set, p: line.split("|").slice(2).join("|") });
}
// Chinese support prose about seed phrases, keys and passwords (no values), one sentence a line.
for (const line of readFileSync(join(ROOT, "test/fixtures/corpus/zh-support-prose.txt"), "utf8").split("\n"))
  if (line.trim() && !line.startsWith("#")) paragraphs.push({ f: "zh-support-prose.txt", p: line });
const proseChars = paragraphs.reduce((n, x) => n + x.p.length, 0);
const proseHits = [];
for (const { f, p } of paragraphs) {
  const r = redactSecrets(p);
  if (r.kinds.length)
    proseHits.push({ f: f.replace(ROOT, ""), kinds: r.kinds.join(","), text: p.replace(/\s+/g, " ").slice(0, 110) });
}

const pct = (a, b) => `${((100 * a) / b).toFixed(2)}%`;
const lines = [
  "## Secret redaction (`npm run bench:redaction`)",
  "",
  `\`node bench/redaction.mjs --write\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, 2 shared cores.`,
  "",
  "**Hostile input.** Median of 7 calls of `redactSecrets` on 64 KB messages; the ordinary 64 KB",
  "message (zh and en support prose) timed in the same run is the unit.",
  "",
  `Ordinary 64 KB message: **${base.toFixed(1)} ms**. Worst hostile message: **${worst.ms.toFixed(1)} ms** (${worst.name}), ` +
    `**${(worst.ms / base).toFixed(1)}×** the ordinary one.`,
  "",
  "| 64 KB message | ms | × ordinary |",
  "| --- | ---: | ---: |",
  ...timed.map((t) => `| ${t.name} | ${t.ms.toFixed(1)} | ${(t.ms / base).toFixed(1)} |`),
  "",
  `**Generator** (the unit test's, ${SEEDS} fresh seeds: ${seeds.join(", ")}):`,
  "",
  `- Secret-bearing messages: **${found}/${secretsN}** redacted with nothing left (recall ${pct(found, secretsN)}; ` +
    "a miss is four phrase words in a row, or 16 characters of a key, left in the text).",
  ...Object.entries(byKind).map(([k, v]) => `  - ${k}: ${v.found}/${v.n}`),
  `- Look-alikes touched: **${touched}/${lookN}** (${pct(touched, lookN)}).`,
  ...(misses.length ? ["", "Misses:", "", ...misses.map((m) => `- ${m}`)] : []),
  ...(falsePositives.length ? ["", "Look-alikes touched:", "", ...falsePositives.map((m) => `- ${m}`)] : []),
  "",
  `**Real prose**: ${paragraphs.length} paragraphs (${(proseChars / 1024).toFixed(0)} KB) from README.md, docs/, the triage sets, zh-support-prose.txt and`,
  `the README files of ${packageReadmes.length} installed packages: **${proseHits.length}** redacted.`,
  ...(proseHits.length ? ["", ...proseHits.slice(0, 15).map((h) => `- ${h.f} (${h.kinds}): ${h.text}`)] : []),
];
const section = lines.join("\n");
console.log(section);
if (process.argv.includes("--write")) writeSection(join(ROOT, "bench/RESULTS.md"), "redaction", section);
