#!/usr/bin/env node
/**
 * Triage accuracy on the labelled set (test/fixtures/intel/triage-labelled.txt) with the
 * default rules (src/core/triage-rules.ts): per category, recall (share of the category's
 * messages put in it) and precision (share of messages put in it that belong there), and
 * how often the priority is right.
 *   node bench/triage-accuracy.mjs          prints the table
 *   node bench/triage-accuracy.mjs --write  also updates the triage section of bench/RESULTS.md
 * The TypeScript core is bundled on the fly with esbuild (a wrangler dependency).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const ROOT = new URL("../", import.meta.url).pathname;
const RESULTS = join(ROOT, "bench/RESULTS.md");
const START = "<!-- triage-accuracy:start -->";
const END = "<!-- triage-accuracy:end -->";

const entry = `
  export { loadLabelled } from "./test/fixtures/intel/labelled.ts";
  export { compileRules, triage } from "./src/core/triage.ts";
  export { DEFAULT_TRIAGE_RULES } from "./src/core/triage-rules.ts";
  export { extractEntities } from "./src/core/entities.ts";
  export { CATEGORIES } from "./src/core/ticket.ts";
`;
const out = await build({
  stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
  bundle: true,
  platform: "node",
  format: "esm",
  write: false,
  // The labelled loader reads its file relative to itself.
  define: { "import.meta.url": JSON.stringify(`file://${join(ROOT, "test/fixtures/intel/labelled.ts")}`) },
  logLevel: "error",
});
const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
const { loadLabelled, compileRules, triage, DEFAULT_TRIAGE_RULES, extractEntities, CATEGORIES } = mod;

const rules = compileRules(DEFAULT_TRIAGE_RULES);
const evaluate = (set) =>
  loadLabelled(set).map((m) => ({
    ...m,
    got: triage(rules, m.text, { entities: extractEntities(m.text).map((e) => e.kind) }),
    zh: /\p{Script=Han}/u.test(m.text),
  }));

const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : "–");

/** The per-category table, a summary and the misses of one set. */
function report(rows) {
  const lines = [];
  lines.push("| category | messages (en / zh) | recall | precision | recall en | recall zh |");
  lines.push("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const c of CATEGORIES) {
    const of = rows.filter((r) => r.category === c);
    const put = rows.filter((r) => r.got.category === c);
    const right = of.filter((r) => r.got.category === c);
    const en = of.filter((r) => !r.zh);
    const zh = of.filter((r) => r.zh);
    lines.push(
      `| ${c} | ${of.length} (${en.length} / ${zh.length}) | ${pct(right.length, of.length)} | ${pct(right.length, put.length)} | ${pct(en.filter((r) => r.got.category === c).length, en.length)} | ${pct(zh.filter((r) => r.got.category === c).length, zh.length)} |`,
    );
  }
  const catRight = rows.filter((r) => r.got.category === r.category).length;
  const prioRight = rows.filter((r) => r.got.priority === r.priority).length;
  const raised = rows.filter((r) => r.priority !== "normal");
  lines.push(`| **all** | ${rows.length} | **${pct(catRight, rows.length)}** | | | |`);
  lines.push(
    "",
    `Category right: **${catRight}/${rows.length}** (${pct(catRight, rows.length)}). ` +
      `Priority right: **${prioRight}/${rows.length}** (${pct(prioRight, rows.length)}); urgent/high messages found: ${raised.filter((r) => r.got.priority === r.priority).length}/${raised.length}.`,
  );
  const misses = rows
    .filter((r) => r.got.category !== r.category || r.got.priority !== r.priority)
    .map(
      (r) => `- expected ${r.category}/${r.priority}, got ${r.got.category}/${r.got.priority}: ${r.text.slice(0, 80)}`,
    );
  lines.push("", misses.length ? "Misses:\n" : "No misses.", ...misses);
  return lines;
}

const section = [
  START,
  "## Triage accuracy (`npm run bench:triage`)",
  "",
  "The default rules (`src/core/triage-rules.ts`, seeded by migration 0005) on realistic zh and en",
  "customer messages. Recall: share of a",
  "category's messages put in it; precision: share of the messages put in a category that belong there.",
  "The labelled set's figures are in-sample; the held-out set shows what to expect on new phrasing.",
  "Priority: `urgent` for a stolen account or unauthorised",
  "withdrawal, `high` for a stuck withdrawal carrying a TxID, otherwise `normal`.",
  `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}.`,
  "",
  "**Labelled set** (`test/fixtures/intel/triage-labelled.txt`, the rules were tuned on it):",
  "",
  ...report(evaluate("labelled")),
  "",
  "**Held-out set** (`test/fixtures/intel/triage-heldout.txt`, written after the rules and never used to tune them):",
  "",
  ...report(evaluate("heldout")),
  END,
].join("\n");

console.log(section);
if (process.argv.includes("--write")) {
  const md = readFileSync(RESULTS, "utf8");
  const next =
    md.includes(START) && md.includes(END)
      ? md.slice(0, md.indexOf(START)) + section + md.slice(md.indexOf(END) + END.length)
      : `${md.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, next);
}
