#!/usr/bin/env node
/**
 * Triage accuracy of the default rules (src/core/triage-rules.ts) on the labelled sets in
 * test/fixtures/corpus/ (see labelled.ts): the held-out sets (never used to tune the rules) first,
 * then the tuning sets. Per category: recall (share of the category's messages put in it) and
 * precision (share of messages put in it that belong there); the stolen-account cases (labelled
 * security/urgent) that came out security and urgent; how often the priority is right.
 *   node bench/triage-accuracy.mjs          prints the section
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
  export { loadLabelled, TRIAGE_SET_FILES } from "./test/fixtures/corpus/labelled.ts";
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
  define: { "import.meta.url": JSON.stringify(`file://${join(ROOT, "test/fixtures/corpus/labelled.ts")}`) },
  logLevel: "error",
});
const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
const { loadLabelled, TRIAGE_SET_FILES, compileRules, triage, DEFAULT_TRIAGE_RULES, extractEntities, CATEGORIES } = mod;

const rules = compileRules(DEFAULT_TRIAGE_RULES);
const evaluate = (...sets) =>
  sets
    .flatMap((set) => loadLabelled(set))
    .map((m) => ({
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
  const stolen = rows.filter((r) => r.category === "security" && r.priority === "urgent");
  const stolenRight = stolen.filter((r) => r.got.category === "security" && r.got.priority === "urgent").length;
  const falseUrgent = rows.filter((r) => r.priority !== "urgent" && r.got.priority === "urgent").length;
  lines.push(`| **all** | ${rows.length} | **${pct(catRight, rows.length)}** | | | |`);
  lines.push(
    "",
    `Category right: **${catRight}/${rows.length}** (${pct(catRight, rows.length)}). ` +
      `Stolen-account cases security and urgent: **${stolenRight}/${stolen.length}** (${pct(stolenRight, stolen.length)}); ` +
      `other messages made urgent: ${falseUrgent}. ` +
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

const file = (set) => `\`test/fixtures/corpus/${TRIAGE_SET_FILES[set]}\``;
const section = [
  START,
  "## Triage accuracy (`npm run bench:triage`)",
  "",
  "The default rules (`src/core/triage-rules.ts` and `triage-rules-compromise.ts`, stored by migration 0012)",
  "on zh, en and mixed customer messages. Recall: share of a category's messages put in it; precision:",
  "share of the messages put in a category that belong there. A stolen account or unauthorised withdrawal",
  "(labelled `security`/`urgent`) must come out `security` and `urgent`; `high` is a stuck withdrawal",
  "carrying a TxID; everything else is `normal`.",
  "",
  "Method: the realistic held-out set (347 messages, 73 stolen-account cases: slang, typos, no keywords,",
  "mixed zh/en, pinyin) was written and committed before the rules were changed; the rules were then",
  "tuned on the tuning sets only (the first labelled set and a tuning set written in another style:",
  "longer messages, emails, traditional Chinese, an adversarial batch) and on template-generated",
  "messages (`test/unit/core/triage-generated.ts`). The first evaluation on the held-out sets gave",
  "98.6% (realistic) and 98.3% (first set), every stolen-account case security/urgent; no rule was",
  "changed for a held-out miss. Afterwards the rules were extended from new probe messages (batch 3 of",
  "the tuning set, recorded there); the figures below are the re-run, with the same held-out misses.",
  "Both sets were written by the same person, so the",
  "held-out figures are optimistic about wordings nobody thought of; the misses listed are the places",
  "to look first. `test/unit/core/triage.test.ts` fails below 95% in any held-out category or when",
  "any held-out stolen-account case is not security/urgent. Before this change the rules (then seeded by",
  "migration 0005) put 64.8% of the realistic held-out set in the right category and made 18 of its 73",
  "stolen-account cases urgent. The zh column counts messages with Chinese characters (mixed ones too).",
  `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}.`,
  "",
  `### Held-out: realistic customer phrasing (${file("heldout-realistic")}, never tuned on)`,
  "",
  ...report(evaluate("heldout-realistic")),
  "",
  `### Held-out: the first held-out set (${file("heldout")}, never tuned on)`,
  "",
  ...report(evaluate("heldout")),
  "",
  "### Held-out: both sets together (what the test gates, with the realistic set alone)",
  "",
  ...report(evaluate("heldout-realistic", "heldout")).slice(0, 15),
  "",
  "### Tuning sets (the rules were written from these; in-sample figures)",
  "",
  `${file("labelled")} and ${file("tuning")}:`,
  "",
  ...report(evaluate("labelled", "tuning")),
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
