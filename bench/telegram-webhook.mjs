#!/usr/bin/env node
/**
 * npm run bench:telegram — how fast POST /webhooks/telegram answers under 50 concurrent updates
 * on `wrangler dev` (local D1, Queues, R2), with the fake Bot API on 127.0.0.1 taking the
 * acknowledgements. Compares against GET /healthz measured the same way in the same run, and
 * writes the "Telegram webhook" section of bench/RESULTS.md.
 *
 * Needs Node 22 (it imports the TypeScript test harness with Node's type stripping): run it
 * through npm, which uses the `node` devDependency.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { bursts, closedLoop, startDev, summarize, timed } from "./lib.mjs";
import { importTs } from "./load-ts.mjs";
import { benchRequests, TG_SECRET as SECRET, TG_TOKEN as TOKEN } from "./requests.mjs";

const { startFakeTelegram } = await importTs("test/fakes/telegram-bot-api.ts");

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const BURSTS = Number(process.env.BENCH_BURSTS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const RESULTS = new URL("./RESULTS.md", import.meta.url);

const fake = await startFakeTelegram({ token: TOKEN });
const worker = await startDev({
  vars: { ENVIRONMENT: "development", TELEGRAM_API_ROOT: fake.url, TELEGRAM_BOT_USERNAME: "relaydesk_bench_bot" },
  secrets: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET },
});

// Telegram updates as every benchmark builds them (bench/requests.mjs); Discord is not used here.
const { telegramUpdate, postTelegram: post } = benchRequests({ url: worker.url, keys: null, seed: Date.now() });
const messageIds = new Map();

/** A private text message; `chatId` decides whether it opens a ticket (new chat) or joins one. */
function textUpdate(chatId, text) {
  const messageId = (messageIds.get(chatId) ?? 0) + 1;
  messageIds.set(chatId, messageId);
  return telegramUpdate(chatId, text, messageId);
}

/** Open loop: requests started at a steady `perSecond` for `seconds`, whatever the answers' pace. */
async function paced(perSecond, seconds, make) {
  const latencies = [];
  const counters = { failures: 0, statuses: {} };
  const pending = [];
  const total = perSecond * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(timed(make, i, latencies, counters));
  }
  await Promise.all(pending);
  return summarize(latencies, counters.failures, (performance.now() - started) / 1000);
}

const healthz = () => fetch(`${worker.url}/healthz`);

// Every chat id is used once per case, so "new customer" really opens a ticket.
let chats = 9_000_000;
const newCustomer = () => post(textUpdate(chats++, "My deposit has not arrived"));
const openChats = [];
const followUp = (i) => post(textUpdate(openChats[i % openChats.length], `More details #${i}`));

const results = {};
try {
  // Warm-up, and 50 conversations with an open ticket for the follow-ups.
  for (let i = 0; i < 50; i++) openChats.push(chats++);
  await closedLoop(50, 10, (i) => post(textUpdate(openChats[i], "Withdrawal pending")));
  await closedLoop(100, 10, newCustomer);

  results.seqHealthz = await closedLoop(200, 1, healthz);
  results.seqNew = await closedLoop(200, 1, newCustomer);
  results.seqFollow = await closedLoop(200, 1, followUp);

  results.burstHealthz = await bursts(BURSTS, CONCURRENCY, 1000, healthz);
  results.burstNew = await bursts(BURSTS, CONCURRENCY, 1000, newCustomer);
  results.burstFollow = await bursts(BURSTS, CONCURRENCY, 1000, followUp);

  results.pacedNew = await paced(RATE, 10, newCustomer);

  results.loopHealthz = await closedLoop(REQUESTS, CONCURRENCY, healthz);
  results.loopNew = await closedLoop(REQUESTS, CONCURRENCY, newCustomer);
  results.loopFollow = await closedLoop(REQUESTS, CONCURRENCY, followUp);
  const again = textUpdate(openChats[0], "redelivered");
  results.loopDedupe = await closedLoop(REQUESTS, CONCURRENCY, () => post(again));
} finally {
  await worker.stop();
  await fake.close();
}

const row = (name, r) =>
  `| ${name} | ${r.requests} | ${r.failures} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.rps.toFixed(0)} |`;
const HEAD =
  "| case | requests | non-2xx | p50 | p95 | p99 | max | req/s |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
const met = results.burstNew.p50 < 50 && results.burstFollow.p50 < 50;
const section = `<!-- telegram-webhook:start -->
## Telegram webhook (\`npm run bench:telegram\`)

\`POST /webhooks/telegram\` on \`wrangler dev\` (local D1, Queues, R2, Durable Objects in one
process), the fake Bot API on 127.0.0.1 taking the acknowledgements that the queue consumer
sends meanwhile. Latency (ms) is the webhook's own answer as the client sees it; \`GET /healthz\`
measured the same way in the same run is the floor the local stack sets.
Run on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, Node ${process.versions.node}.

**${CONCURRENCY} concurrent updates** (${BURSTS} bursts of ${CONCURRENCY} fired at once, 1 s apart):

${HEAD}
${row("`GET /healthz` (floor)", results.burstHealthz)}
${row("new customer (opens a ticket, queues the acknowledgement)", results.burstNew)}
${row("follow-up on an open ticket", results.burstFollow)}

One at a time (the webhook's service time, no queueing):

${HEAD}
${row("`GET /healthz` (floor)", results.seqHealthz)}
${row("new customer", results.seqNew)}
${row("follow-up", results.seqFollow)}

A steady ${RATE} updates/s from new customers for 10 s (open loop):

${HEAD}
${row("new customer", results.pacedNew)}

Saturation: ${CONCURRENCY} requests always in flight (closed loop; latency ≈ ${CONCURRENCY} / throughput):

${HEAD}
${row("`GET /healthz` (floor)", results.loopHealthz)}
${row("new customer", results.loopNew)}
${row("follow-up", results.loopFollow)}
${row("redelivered update (dedupe only)", results.loopDedupe)}

Target (issue 3), median under 50 ms with ${CONCURRENCY} concurrent updates: ${met ? "met" : "**not met**"} on this run.
<!-- telegram-webhook:end -->`;

let doc = "";
try {
  doc = readFileSync(RESULTS, "utf8");
} catch {
  doc = "# Benchmark results\n";
}
const marked = /<!-- telegram-webhook:start -->[\s\S]*<!-- telegram-webhook:end -->/;
doc = marked.test(doc) ? doc.replace(marked, section) : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(RESULTS, doc);
console.log(section);
