#!/usr/bin/env node
/**
 * npm run bench:rows — D1 rows written and read per inbound message, per entry point, as Cloudflare bills
 * them (`meta.rows_written`, `meta.rows_read`), from test/integration/reliability/rows-written.test.ts (real
 * webhook path and the acknowledgement's delivery inside workerd, real local D1). Prints the section; with
 * --write it replaces the `rows-written` section of bench/RESULTS.md. "Before" is the same test run on the
 * commit named in bench/rows-written-before.json (the state before issue 16's cuts).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NODE, ROOT, writeSection } from "./lib.mjs";

const FREE_ROWS_WRITTEN_PER_DAY = 100_000;
const FREE_ROWS_READ_PER_DAY = 5_000_000;
/** Follow-ups per new ticket in the free-plan arithmetic (a stated assumption, not a measurement). */
const FOLLOW_UPS_PER_TICKET = 3;

const run = spawnSync(
  NODE,
  [
    join(ROOT, "node_modules/vitest/vitest.mjs"),
    "run",
    "--project",
    "integration",
    "test/integration/reliability/rows-written.test.ts",
  ],
  { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", WRANGLER_SEND_METRICS: "false" } },
);
const output = run.stdout + run.stderr;
const rowsLine = /ROWS (\{.*\})/.exec(output)?.[1];
const listLine = /ROWS_STAFF_LIST (\{.*\})/.exec(output)?.[1];
if (!rowsLine || !listLine) {
  console.error(output.slice(-4000));
  throw new Error(`the rows test printed no ROWS line (exit ${run.status})`);
}
const after = JSON.parse(rowsLine);
const list = JSON.parse(listLine);
const before = JSON.parse(readFileSync(join(ROOT, "bench/rows-written-before.json"), "utf8"));

const cell = (c) => (c ? `${c.total} (${c.webhook} + ${c.delivery})` : "–");
const perDay = (newTicket, followUp) =>
  Math.floor(
    (FREE_ROWS_WRITTEN_PER_DAY * (1 + FOLLOW_UPS_PER_TICKET)) / (newTicket + FOLLOW_UPS_PER_TICKET * followUp),
  );

const lines = [];
lines.push("## Rows written per message (`npm run bench:rows`)");
lines.push("");
lines.push(
  `Run on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. D1's own \`meta.rows_written\` and \`meta.rows_read\`, summed by an instrumented D1 binding over every statement of the real webhook path (its \`waitUntil\` work included: the acknowledgement's eager send to the fake Bot API, Discord API or Mailgun, as production runs it) and of whatever it left to the deliveries queue's consumer, in workerd with real local D1 (\`test/integration/reliability/rows-written.test.ts\`). Local D1 counts as Cloudflare bills: each row and each index entry an INSERT adds, and each index an UPDATE's SET list touches (even with the value unchanged), is a written row; an FTS5 insert counts 1. Cells: total (webhook + queue consumer; the consumer writes nothing when the eager send succeeded, and one row more, its claim, with \`EAGER_DELIVERY=off\`). Before: commit ${before.commit}, same test (the acknowledgement then delivered by the consumer).`,
);
lines.push("");
lines.push(
  `| entry point | new ticket, before | new ticket, after | follow-up, before | follow-up, after | rows read, new / follow-up (after) |`,
);
lines.push("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [name, a] of Object.entries(after.channels)) {
  const b = before.channels[name];
  lines.push(
    `| ${name} | ${cell(b?.newTicket)} | **${cell(a.newTicket)}** | ${cell(b?.followUp)} | **${cell(a.followUp)}** | ${a.newTicket.rowsRead} / ${a.followUp.rowsRead} |`,
  );
}
lines.push("");
const tg = after.channels.telegram;
const tgBefore = before.channels.telegram;
const all = Object.values(after.channels);
const range = (kind) => {
  const totals = all.map((c) => c[kind].total);
  return `${Math.min(...totals)}–${Math.max(...totals)}`;
};
const verdict = (kind) => (all.every((c) => c[kind].total <= after.target[kind]) ? "met" : "not met");
lines.push(
  `Target (issue 16), the acknowledgement's delivery included: at most ${after.target.newTicket} for a new ticket, **${verdict("newTicket")}** (${range("newTicket")}); at most ${after.target.followUp} for a follow-up, **${verdict("followUp")}** (${range("followUp")}). What each row still written buys: docs/architecture.md, "Rows written per message".`,
);
lines.push("");
lines.push(
  `Free plan (${FREE_ROWS_WRITTEN_PER_DAY.toLocaleString("en")} rows written a day), Telegram, assuming ${FOLLOW_UPS_PER_TICKET} follow-ups per new ticket: before about **${perDay(tgBefore.newTicket.total, tgBefore.followUp.total).toLocaleString("en")} messages a day** (${Math.floor(FREE_ROWS_WRITTEN_PER_DAY / tgBefore.newTicket.total).toLocaleString("en")} if every message opened a ticket), after about **${perDay(tg.newTicket.total, tg.followUp.total).toLocaleString("en")}** (${Math.floor(FREE_ROWS_WRITTEN_PER_DAY / tg.newTicket.total).toLocaleString("en")}; ${Math.floor(FREE_ROWS_WRITTEN_PER_DAY / tg.followUp.total).toLocaleString("en")} if every message were a follow-up).`,
);
lines.push("");
lines.push(
  `Rows read by the staff list (\`GET /api/staff/tickets\`, a page of 50, in the same test's database): ${Object.entries(
    list,
  )
    .map(([q, r]) => `${q} ${r.rowsRead} (${r.tickets} tickets)`)
    .join(
      ", ",
    )}; the free plan's ${FREE_ROWS_READ_PER_DAY.toLocaleString("en")} rows read a day is about ${Math.floor(FREE_ROWS_READ_PER_DAY / (list["(no filter)"]?.rowsRead || 1)).toLocaleString("en")} unfiltered list pages.`,
);
const where = (rows) => (rows ?? []).map(([sql, n]) => `${n} \`${sql.replace(/\s+/g, " ").slice(0, 40)}…\``).join(", ");
lines.push("");
lines.push(`Where a Telegram new ticket's rows go: ${where(after.detail?.telegram?.newTicket)}.`);
lines.push("");
lines.push(`And a follow-up's: ${where(after.detail?.telegram?.followUp)}.`);
const section = lines.join("\n");
console.log(section);
if (process.argv.includes("--write")) writeSection(join(ROOT, "bench/RESULTS.md"), "rows-written", section);
