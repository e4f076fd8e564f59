#!/usr/bin/env node
/**
 * npm run bench — the numbers behind "nothing lost or doubled, fast and cheap at the edge",
 * each a ratio or count measured in this one run, written to the `issue8-bench` section of
 * bench/RESULTS.md (other sections are left as they are):
 *   1. ingest throughput through the real Telegram webhook vs a baseline Worker doing one D1 insert
 *   2. D1 round trips per inbound message (instrumented binding, every channel)
 *   3. Worker bundle size, gzipped, and whether discord.js got in
 *   4. staff list/filter/search on 200k tickets and 1M messages (bench/staff-queries.mjs)
 *   5. webhook acknowledgement latency under 50 concurrent senders per channel
 * BENCH_QUICK=1 runs every part with small sizes (for development); BENCH_SKIP=1,4 skips parts.
 * BENCH_ONLY=1 (or e.g. 1,5) runs only those parts, measured exactly as in a full run, and prints
 * the section instead of writing RESULTS.md (for iterating on one figure in about a minute).
 * The raw numbers go to <tmpdir>/relaydesk-bench-results.json first; BENCH_REPORT_ONLY=<that file>
 * renders a saved run again (bench/report.mjs) without measuring anything.
 * Needs Node 22 (npm scripts provide it through the `node` devDependency).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bursts, closedLoop, NODE, ROOT, startDev, writeSection } from "./lib.mjs";
import { importTs } from "./load-ts.mjs";
import { renderReport } from "./report.mjs";
import { benchRequests, DC_TOKEN, discordKeys, relaydeskDev, TEXT, TG_TOKEN } from "./requests.mjs";
import { runStaffQueries } from "./staff-queries.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const SKIP = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const ONLY = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);
if (ONLY.length) for (const part of ["1", "2", "3", "4", "5"]) if (!ONLY.includes(part)) SKIP.add(part);
const CONCURRENCY = 50;
const SIZES = QUICK
  ? { throughputRequests: 100, rounds: 1, bursts: 2, tickets: 2_000, messages: 10_000, samples: 10 }
  : { throughputRequests: 600, rounds: 2, bursts: 20, tickets: 200_000, messages: 1_000_000, samples: 40 };
const RESULTS = join(ROOT, "bench/RESULTS.md");
const startedAt = Date.now();
const log = (...a) => console.log(`[bench +${((Date.now() - startedAt) / 1000).toFixed(0)}s]`, ...a);

/** Raw results are saved before the report is written, and `BENCH_REPORT_ONLY=<file>` re-renders a saved run. */
const SAVED = process.env.BENCH_REPORT_ONLY;
const results = SAVED ? JSON.parse(readFileSync(SAVED, "utf8")) : {};
if (SAVED) for (const part of ["1", "2", "3", "4", "5"]) SKIP.add(part);

// 3. Bundle size (wrangler deploy --dry-run).
if (!SKIP.has("3")) {
  log("3. bundle size");
  const r = spawnSync(NODE, [join(ROOT, "bench/bundle-size.mjs")], { cwd: ROOT, encoding: "utf8" });
  results.bundle = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
}

// 2. D1 round trips per inbound message (the instrumented-binding test, inside workerd).
if (!SKIP.has("2")) {
  log("2. D1 round trips");
  const r = spawnSync(
    NODE,
    [
      join(ROOT, "node_modules/vitest/vitest.mjs"),
      "run",
      "--project",
      "integration",
      "test/integration/reliability/round-trips.test.ts",
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", WRANGLER_SEND_METRICS: "false" } },
  );
  const line = /ROUND_TRIPS (\{.*\})/.exec(r.stdout + r.stderr)?.[1];
  results.roundTrips = line ? JSON.parse(line) : { error: `the round-trip test printed nothing (exit ${r.status})` };
  results.roundTripsPassed = r.status === 0;
}

// 1 and 5: live load on wrangler dev.
if (!SKIP.has("1") || !SKIP.has("5")) {
  const { startFakeTelegram } = await importTs("test/fakes/telegram-bot-api.ts");
  const { startFakeDiscord } = await importTs("test/fakes/discord-api.ts");
  const keys = discordKeys();
  const telegram = await startFakeTelegram({ token: TG_TOKEN });
  const discord = await startFakeDiscord({ token: DC_TOKEN });
  log("starting relaydesk and the baseline on wrangler dev");
  const relaydesk = await startDev(relaydeskDev({ telegramRoot: telegram.url, discordRoot: discord.url, keys }));
  const baseline = await startDev({ config: "bench/baseline/wrangler.toml", readyPath: "/" });
  const rq = benchRequests({ url: relaydesk.url, keys, seed: startedAt });
  const newCustomer = () => () => rq.telegram();
  const toBaseline = () => () => rq.postTelegram(rq.telegramUpdate(rq.newChat(), TEXT), `${baseline.url}/`);
  const healthz = () => fetch(`${relaydesk.url}/healthz`);
  /**
   * Waits until Relaydesk's queue consumer has sent every acknowledgement (the fake Bot API's
   * count stops growing), so a baseline round never shares the cores with Relaydesk's leftover
   * work: each side is measured with the other idle. Bounded at 60 s.
   */
  const settle = async () => {
    const end = Date.now() + 60_000;
    let last = -1;
    while (Date.now() < end) {
      const n = telegram.calls({ method: "sendMessage" }).length;
      if (n === last) return;
      last = n;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  };

  try {
    // Warm both up (isolates, D1 files, the queue consumer).
    await closedLoop(100, 10, newCustomer());
    await closedLoop(100, 10, toBaseline());

    if (!SKIP.has("1")) {
      log("1. ingest throughput vs baseline");
      const rounds = [];
      for (let r = 0; r < SIZES.rounds; r++) {
        await settle();
        const base = await closedLoop(SIZES.throughputRequests, CONCURRENCY, toBaseline());
        const rd = await closedLoop(SIZES.throughputRequests, CONCURRENCY, newCustomer());
        rounds.push({ base, rd });
      }
      const sum = (k) => rounds.reduce((n, x) => n + x[k].requests, 0);
      const secs = (k) => rounds.reduce((n, x) => n + x[k].requests / x[k].rps, 0);
      results.throughput = {
        rounds,
        baselineRps: sum("base") / secs("base"),
        relaydeskRps: sum("rd") / secs("rd"),
        failures: rounds.reduce((n, x) => n + x.rd.failures + x.base.failures, 0),
      };
      results.throughput.ratio = results.throughput.relaydeskRps / results.throughput.baselineRps;
      // Where the cost is: a follow-up on an open ticket (no new ticket, no acknowledgement to send)
      // and a redelivered update (dedupe only), each next to a baseline measured right before it.
      const open = [];
      for (let i = 0; i < CONCURRENCY; i++) open.push(rq.newChat());
      await closedLoop(open.length, 10, (i) => rq.postTelegram(rq.telegramUpdate(open[i], "Withdrawal pending")));
      let n = 0;
      const followUp = () => {
        n++;
        return rq.postTelegram(rq.telegramUpdate(open[n % open.length], `More details ${n}`, 1 + n));
      };
      const again = rq.telegramUpdate(open[0], "redelivered");
      results.throughput.breakdown = [];
      for (const [name, make] of [
        ["follow-up on an open ticket", followUp],
        ["redelivered update (dedupe only)", () => rq.postTelegram(again)],
      ]) {
        await settle();
        const base = await closedLoop(SIZES.throughputRequests, CONCURRENCY, toBaseline());
        const rd = await closedLoop(SIZES.throughputRequests, CONCURRENCY, make);
        results.throughput.breakdown.push({ name, base, rd });
      }
    }

    if (!SKIP.has("5")) {
      log("5. acknowledgement latency, 50 concurrent senders per channel");
      const cases = [
        ["`GET /healthz` (floor)", healthz],
        ["Telegram webhook (new customer)", newCustomer()],
        ["Discord relay (DM)", rq.discordRelay],
        ["Discord interaction (/support form)", rq.discordInteraction],
        ["web form `POST /api/tickets`", rq.webform],
        ["email, Postmark inbound webhook", rq.email],
      ];
      results.latency = [];
      for (const [name, make] of cases) {
        results.latency.push({ name, ...(await bursts(SIZES.bursts, CONCURRENCY, 500, make)) });
      }
    }
  } finally {
    await relaydesk.stop();
    await baseline.stop();
    await telegram.close();
    await discord.close();
  }
}

// 4. Staff queries at scale.
if (!SKIP.has("4")) {
  log(`4. staff queries on ${SIZES.tickets} tickets / ${SIZES.messages} messages`);
  results.staff = await runStaffQueries({
    tickets: SIZES.tickets,
    messages: SIZES.messages,
    samples: SIZES.samples,
    log,
  });
}

// The report: the raw numbers first (so a report bug never costs a run), then the markdown.
if (!SAVED) {
  results.meta = { quick: QUICK, startedAt, finishedAt: Date.now(), sizes: SIZES };
  const file = join(tmpdir(), ONLY.length ? "relaydesk-bench-results-partial.json" : "relaydesk-bench-results.json");
  writeFileSync(file, JSON.stringify(results, null, 2));
  log(`raw results in ${file}`);
}
results.meta ??= { quick: QUICK, startedAt, finishedAt: Date.now(), sizes: SIZES };
const markdown = renderReport(results, { concurrency: CONCURRENCY });
// A partial run (BENCH_ONLY) never replaces the full run's section.
if (!ONLY.length) {
  writeSection(RESULTS, "issue8-bench", markdown);
  log(`wrote ${RESULTS}`);
}
console.log(markdown);
