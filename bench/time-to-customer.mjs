#!/usr/bin/env node
/**
 * npm run bench:customer — "time to the customer": from a new customer's POST /webhooks/telegram
 * to the acknowledgement reaching the (fake) Bot API, for Relaydesk and for the floor (a Worker
 * doing one D1 insert and one sendMessage per update, bench/floor), in the same run, interleaved:
 * rounds of each, alternating which goes first. A customer is in flight until their acknowledgement
 * arrives; CONCURRENCY customers are in flight at once. Throughput is customers over the time from
 * a round's first POST to its last arrival. Writes the `time-to-customer` section of RESULTS.md
 * (BENCH_PRINT=1 prints it instead). BENCH_CUSTOMERS (300), BENCH_CONCURRENCY (20), BENCH_ROUNDS (3).
 */
import { join } from "node:path";
import { startArrivals } from "./arrivals.mjs";
import { ms, ROOT, startDev, summarize, writeSection } from "./lib.mjs";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** EAGER_DELIVERY for the Relaydesk side: "on" (the default here) or "off" (the queue alone). */
const EAGER = process.env.EAGER_DELIVERY ?? "on";
const TOKEN = "424242424:BENCH-fake-token";
const SECRET = "bench-telegram-webhook-secret";
const TEXT = "My deposit of 500 USDT has not arrived, TxID 0xabc";
const startedAt = Date.now();
const log = (...a) => console.log(`[customer +${((Date.now() - startedAt) / 1000).toFixed(0)}s]`, ...a);

const fake = await startArrivals(TOKEN);
log("starting relaydesk and the floor on wrangler dev");
const relaydesk = await startDev({
  vars: {
    ENVIRONMENT: "development",
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_BOT_USERNAME: "relaydesk_bench_bot",
    EAGER_DELIVERY: EAGER,
  },
  secrets: { STAFF_BOOTSTRAP_TOKEN: "bench-bootstrap", TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET },
});
const floor = await startDev({
  config: "bench/floor/wrangler.toml",
  readyPath: "/",
  vars: { TELEGRAM_API_ROOT: fake.url },
  secrets: { TELEGRAM_BOT_TOKEN: TOKEN },
});

let chat = 7_100_000_000 + (startedAt % 1_000_000) * 1000;
const update = (chatId) => ({
  update_id: chatId,
  message: {
    message_id: 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: "private", first_name: "Bench" },
    from: { id: chatId, is_bot: false, first_name: "Bench", language_code: "en" },
    text: TEXT,
  },
});
const subjects = {
  relaydesk: { url: `${relaydesk.url}/webhooks/telegram`, chats: [] },
  floor: { url: `${floor.url}/`, chats: [] },
};

/** One new customer: POST, then wait for their first sendMessage at the fake. */
async function customer(subject, out) {
  const chatId = chat++;
  subject.chats.push(chatId);
  const t0 = performance.now();
  const arrived = fake.arrival(chatId);
  let ok = false;
  try {
    const res = await fetch(subject.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: JSON.stringify(update(chatId)),
    });
    await res.arrayBuffer();
    ok = res.ok;
    out.answer.push(performance.now() - t0);
  } catch (err) {
    // counted below; the first reason is kept for the log
    out.error ??= String(err?.cause ?? err);
  }
  const at = await arrived;
  if (!ok || at === null) out.failures++;
  if (at !== null) {
    out.latencies.push(at - t0);
    out.lastArrival = Math.max(out.lastArrival, at);
  }
}

/** `total` customers, `CONCURRENCY` in flight. */
async function round(subject, total) {
  const out = { latencies: [], answer: [], failures: 0, lastArrival: 0 };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < total) await customer(subject, out);
    }),
  );
  if (out.error) log(`failed POSTs, first: ${out.error}`);
  return { ...out, seconds: ((out.lastArrival || performance.now()) - started) / 1000 };
}

/** Waits until no sendMessage arrived for a second (bounded at 30 s): each side measured with the other idle. */
async function settle() {
  const end = Date.now() + 30_000;
  let last = -1;
  while (Date.now() < end && fake.total() !== last) {
    last = fake.total();
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const results = { relaydesk: [], floor: [] };
try {
  log("warm-up");
  await round(subjects.relaydesk, 40);
  await round(subjects.floor, 40);
  subjects.relaydesk.chats.length = 0;
  subjects.floor.chats.length = 0;
  const perRound = Math.ceil(CUSTOMERS / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ["floor", "relaydesk"] : ["relaydesk", "floor"];
    for (const name of order) {
      await settle();
      log(`round ${r + 1}: ${name}`);
      results[name].push(await round(subjects[name], perRound));
    }
  }
  await settle();
} finally {
  await relaydesk.stop();
  await floor.stop();
  await fake.close();
}

/** Totals of a subject's rounds, and what the fake saw for its customers (sent twice? missing?). */
function total(name) {
  const rounds = results[name];
  const latencies = rounds.flatMap((r) => r.latencies);
  const answer = rounds.flatMap((r) => r.answer);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const customers = subjects[name].chats.length;
  let doubled = 0;
  let missing = 0;
  let messages = 0;
  for (const c of subjects[name].chats) {
    const texts = fake.received.get(String(c)) ?? [];
    messages += texts.length;
    if (!texts.length) missing++;
    if (new Set(texts).size !== texts.length) doubled++;
  }
  return {
    customers,
    failures: rounds.reduce((n, r) => n + r.failures, 0),
    throughput: latencies.length / seconds,
    rounds: rounds.map((r) => r.latencies.length / r.seconds),
    arrival: summarize(latencies, 0, seconds),
    answer: summarize(answer, 0, seconds),
    doubled,
    missing,
    messagesPerCustomer: messages / customers,
  };
}

const rd = total("relaydesk");
const fl = total("floor");
const throughputRatio = rd.throughput / fl.throughput;
const medianRatio = rd.arrival.p50 / fl.arrival.p50;
const verdict = (ok) => (ok ? "met" : "**not met**");
const row = (name, t) =>
  `| ${name} | ${t.customers} | ${t.failures} | ${t.throughput.toFixed(1)} (${t.rounds.map((x) => x.toFixed(1)).join(", ")}) | ${ms(t.arrival.p50)} | ${ms(t.arrival.p95)} | ${ms(t.arrival.p99)} | ${ms(t.answer.p50)} | ${t.doubled} | ${t.missing} | ${t.messagesPerCustomer.toFixed(2)} |`;
const section = `## Time to the customer (\`npm run bench:customer\`)

${new Date().toISOString().slice(0, 10)}, \`wrangler dev\` (local D1, Queues, Durable Objects) on this 2-core machine, a fake Bot
API on 127.0.0.1 (bench/arrivals.mjs) noting when each \`sendMessage\` arrives. ${CUSTOMERS} new Telegram customers per
side, ${CONCURRENCY} in flight (a customer is in flight from the POST until their acknowledgement reaches the fake), in
${ROUNDS} rounds per side, interleaved (the first round of each pair alternates). The floor (bench/floor) does one D1
insert and one \`sendMessage\` per update before it answers. Latencies in ms; throughput in customers/s (per round).

| target | goal | this run | |
| --- | --- | --- | --- |
| throughput vs the floor | ≥ 0.7x | **${throughputRatio.toFixed(2)}x** (${rd.throughput.toFixed(1)} vs ${fl.throughput.toFixed(1)} customers/s) | ${verdict(throughputRatio >= 0.7)} |
| median POST -> acknowledgement vs the floor's | ≤ 1.5x | **${medianRatio.toFixed(2)}x** (${ms(rd.arrival.p50)} vs ${ms(fl.arrival.p50)} ms) | ${verdict(medianRatio <= 1.5)} |

| side | customers | failures | customers/s (rounds) | arrival p50 | p95 | p99 | webhook answer p50 | sent twice | never arrived | sendMessage per customer |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${row("Relaydesk (eager send after the answer)", rd)}
${row("floor (insert + sendMessage)", fl)}

"sent twice": customers who got the same text more than once; "never arrived": no sendMessage within 60 s.
`;
if (process.env.BENCH_PRINT === "1") console.log(section);
else writeSection(join(ROOT, "bench/RESULTS.md"), "time-to-customer", section);
console.log(JSON.stringify({ relaydesk: rd, floor: fl, throughputRatio, medianRatio }));
