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
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bursts, closedLoop, NODE, ROOT, startDev, writeSection } from "./lib.mjs";
import { importTs } from "./load-ts.mjs";
import { renderReport } from "./report.mjs";
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
  const TG_TOKEN = "424242424:BENCH-fake-token";
  const TG_SECRET = "bench-telegram-webhook-secret";
  const DC_TOKEN = "BENCH.fake-discord-token";
  const RELAY_SECRET = "bench-relay-secret";
  const POSTMARK_AUTH = "postmark:bench-postmark-password";
  const APP_ID = "1100000000000000001";
  const keys = generateKeyPairSync("ed25519");
  const publicHex = keys.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
  const telegram = await startFakeTelegram({ token: TG_TOKEN });
  const discord = await startFakeDiscord({ token: DC_TOKEN });
  log("starting relaydesk and the baseline on wrangler dev");
  const relaydesk = await startDev({
    vars: {
      ENVIRONMENT: "development",
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_BOT_USERNAME: "relaydesk_bench_bot",
      DISCORD_API_ROOT: discord.url,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_PUBLIC_KEY: publicHex,
      SUPPORT_EMAIL: "support@relaydesk.test",
    },
    secrets: {
      STAFF_BOOTSTRAP_TOKEN: "bench-bootstrap",
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      DISCORD_BOT_TOKEN: DC_TOKEN,
      DISCORD_RELAY_SECRET: RELAY_SECRET,
      POSTMARK_INBOUND_AUTH: POSTMARK_AUTH,
    },
  });
  const baseline = await startDev({ config: "bench/baseline/wrangler.toml", readyPath: "/" });

  let chat = 7_000_000_000;
  let snow = 1_250_000_000_000_000_000n;
  const updateOf = (chatId, text, messageId = 1) => ({
    update_id: chat,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Bench" },
      from: { id: chatId, is_bot: false, first_name: "Bench", language_code: "en" },
      text,
    },
  });
  const postUpdate = (url, update) =>
    fetch(`${url}/webhooks/telegram`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TG_SECRET },
      body: JSON.stringify(update),
    });
  const newCustomer = (url) => () => {
    const id = chat++;
    return fetch(`${url}/webhooks/telegram`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TG_SECRET },
      body: JSON.stringify(updateOf(id, "My deposit of 500 USDT has not arrived, TxID 0xabc")),
    });
  };
  const toBaseline = () => () =>
    fetch(`${baseline.url}/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(updateOf(chat++, "My deposit of 500 USDT has not arrived, TxID 0xabc")),
    });
  const relay = () => {
    const body = JSON.stringify({
      id: String(snow++),
      channelId: String(snow++),
      kind: "dm",
      guildId: null,
      author: { id: String(snow++), username: "bench", globalName: "Bench" },
      content: "Withdrawal stuck for 3 hours",
      timestamp: new Date().toISOString(),
      attachments: [],
      replyToId: null,
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = createHmac("sha256", RELAY_SECRET).update(`${ts}.${body}`).digest("hex");
    return fetch(`${relaydesk.url}/webhooks/discord/relay`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Relay-Timestamp": ts, "X-Relay-Signature": sig },
      body,
    });
  };
  const interaction = () => {
    const row = (id, value) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] });
    const body = JSON.stringify({
      id: String(snow++),
      application_id: APP_ID,
      type: 5,
      token: `bench-${snow}`,
      version: 1,
      locale: "en-US",
      channel_id: String(snow++),
      user: { id: String(snow++), username: "bench", global_name: "Bench" },
      data: {
        custom_id: "support_form",
        components: [
          row("subject", "Login fails"),
          row("description", "2FA code rejected"),
          row("uid", ""),
          row("txid", ""),
        ],
      },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = sign(null, Buffer.from(ts + body), keys.privateKey).toString("hex");
    return fetch(`${relaydesk.url}/webhooks/discord`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Signature-Timestamp": ts, "X-Signature-Ed25519": sig },
      body,
    });
  };
  let form = 0;
  const webform = () => {
    form++;
    return fetch(`${relaydesk.url}/api/tickets`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "CF-Connecting-IP": `10.${(form >> 16) & 255}.${(form >> 8) & 255}.${form & 255}`,
      },
      body: JSON.stringify({
        email: `bench${form}-${startedAt}@example.com`,
        subject: "KYC rejected",
        description: "My KYC was rejected twice",
        category: "kyc",
        idempotencyKey: `bench-${startedAt}-${form}`,
      }),
    });
  };
  let mail = 0;
  const email = () => {
    mail++;
    const from = `bench${mail}-${startedAt}@customer.test`;
    return fetch(`${relaydesk.url}/webhooks/email/postmark`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${btoa(POSTMARK_AUTH)}` },
      body: JSON.stringify({
        From: from,
        FromFull: { Email: from, Name: "Bench" },
        ToFull: [{ Email: "support@relaydesk.test", Name: "" }],
        CcFull: [],
        OriginalRecipient: "support@relaydesk.test",
        Subject: "Withdrawal stuck",
        TextBody: "My withdrawal has been pending for 3 hours.",
        HtmlBody: "",
        Headers: [{ Name: "Message-ID", Value: `<bench${mail}.${startedAt}@customer.test>` }],
        Attachments: [],
      }),
    });
  };
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
    await closedLoop(100, 10, newCustomer(relaydesk.url));
    await closedLoop(100, 10, toBaseline());

    if (!SKIP.has("1")) {
      log("1. ingest throughput vs baseline");
      const rounds = [];
      for (let r = 0; r < SIZES.rounds; r++) {
        await settle();
        const base = await closedLoop(SIZES.throughputRequests, CONCURRENCY, toBaseline());
        const rd = await closedLoop(SIZES.throughputRequests, CONCURRENCY, newCustomer(relaydesk.url));
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
      for (let i = 0; i < CONCURRENCY; i++) open.push(chat++);
      await closedLoop(open.length, 10, (i) => postUpdate(relaydesk.url, updateOf(open[i], "Withdrawal pending")));
      let n = 0;
      const followUp = () => {
        n++;
        return postUpdate(relaydesk.url, {
          ...updateOf(open[n % open.length], `More details ${n}`, 1 + n),
          update_id: chat++,
        });
      };
      const again = updateOf(open[0], "redelivered");
      results.throughput.breakdown = [];
      for (const [name, make] of [
        ["follow-up on an open ticket", followUp],
        ["redelivered update (dedupe only)", () => postUpdate(relaydesk.url, again)],
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
        ["Telegram webhook (new customer)", newCustomer(relaydesk.url)],
        ["Discord relay (DM)", relay],
        ["Discord interaction (/support form)", interaction],
        ["web form `POST /api/tickets`", webform],
        ["email, Postmark inbound webhook", email],
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
