#!/usr/bin/env node
/**
 * npm run bench:cpu — CPU time per inbound message on the webhook path, per channel, measured with
 * V8's sampling profiler through the inspector of `wrangler dev` (--inspector-port): the Worker's
 * isolate is profiled while N new customers write one after the other (each request settled, the
 * acknowledgement's eager send and the feed publish included: Cloudflare bills waitUntil's CPU too).
 * CPU = the sampled time that is not "(idle)" (JavaScript, "(program)": the runtime's own work on the
 * isolate's thread, and "(garbage collector)"), divided by N. Local D1 runs in another process, so
 * SQLite's work is not in it, as on Cloudflare. `GET /healthz` and the floor Worker (bench/floor: one
 * insert + one sendMessage) are measured the same way for scale. Writes the `cpu-per-message` section
 * of RESULTS.md (BENCH_PRINT=1 prints it). BENCH_CPU_N (40) messages per case.
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { startArrivals } from "./arrivals.mjs";
import { freePort, groupCpuMs, ms, ROOT, startDev, writeSection } from "./lib.mjs";
import { importTs } from "./load-ts.mjs";
import { benchRequests, DC_TOKEN, discordKeys, relaydeskDev, TEXT, TG_TOKEN } from "./requests.mjs";

const N = Number(process.env.BENCH_CPU_N ?? 40);
const startedAt = Date.now();
const log = (...a) => console.log(`[cpu +${((Date.now() - startedAt) / 1000).toFixed(0)}s]`, ...a);

/** A CDP session on the Worker's isolate through wrangler's inspector proxy. */
async function inspector(port) {
  let target;
  for (let i = 0; i < 40 && !target; i++) {
    const list = await fetch(`http://127.0.0.1:${port}/json`)
      .then((r) => r.json())
      .catch(() => []);
    target = list.find((t) => t.webSocketDebuggerUrl);
    if (!target) await new Promise((r) => setTimeout(r, 500));
  }
  if (!target) throw new Error("no inspector target");
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((ok, fail) => {
    ws.once("open", ok);
    ws.once("error", fail);
  });
  let id = 0;
  const pending = new Map();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data));
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  });
  const call = (method, params = {}) =>
    new Promise((ok) => {
      const n = ++id;
      pending.set(n, ok);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  await call("Profiler.enable");
  await call("Profiler.setSamplingInterval", { interval: 100 });
  return { call, close: () => ws.close() };
}

/**
 * Profiles `n` calls of `make` (one after the other), then `settleMs` for waitUntil work; ms of CPU per
 * call. V8's sampler records a sample only while workerd has entered the isolate, and charges the whole
 * gap since the previous sample (the isolate waiting on D1 or a fetch) to the next one: summing
 * `timeDeltas` counted waiting as CPU (6-10x too much). So each non-idle sample stands for at most one
 * sampling period (the median gap between samples less than 1 ms apart). `group` is the whole local
 * stack's CPU (the `wrangler dev` process group, from /proc), which includes local D1 and the proxies.
 */
async function profile(session, n, make, pgid, settleMs = 1_500) {
  const run = async (from) => {
    for (let i = from; i < from + n; i++) {
      const res = await make(i);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`answered ${res.status}`);
    }
    await new Promise((r) => setTimeout(r, settleMs));
  };
  // The whole stack's CPU on an unprofiled pass first: the sampler's own thread would add to it.
  const cpuBefore = groupCpuMs(pgid);
  await run(n);
  const group = (groupCpuMs(pgid) - cpuBefore) / n;
  await session.call("Profiler.start");
  await run(0);
  const { result } = await session.call("Profiler.stop");
  const { nodes, samples, timeDeltas } = result.profile;
  const short = timeDeltas.filter((d) => d > 0 && d < 1_000).sort((a, b) => a - b);
  const period = short[short.length >> 1] ?? 100;
  const kind = new Map(nodes.map((node) => [node.id, node.callFrame.functionName]));
  const by = { js: 0, program: 0, gc: 0, idle: 0 };
  samples.forEach((node, i) => {
    const us = Math.min(timeDeltas[i] ?? 0, period);
    const name = kind.get(node);
    if (name === "(idle)") by.idle += us;
    else if (name === "(program)") by.program += us;
    else if (name === "(garbage collector)") by.gc += us;
    else by.js += us;
  });
  if (process.env.BENCH_PROFILE_DIR) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(process.env.BENCH_PROFILE_DIR, `${Date.now()}.cpuprofile`), JSON.stringify(result.profile));
  }
  const perMs = (us) => us / 1000 / n;
  return {
    n,
    cpu: perMs(by.js + by.program + by.gc),
    js: perMs(by.js),
    program: perMs(by.program),
    gc: perMs(by.gc),
    group,
  };
}

const tg = await startArrivals(TG_TOKEN);
const { startFakeDiscord } = await importTs("test/fakes/discord-api.ts");
const discord = await startFakeDiscord({ token: DC_TOKEN });
const keys = discordKeys();
const rdInspector = await freePort();
const floorInspector = await freePort();
log("starting relaydesk and the floor on wrangler dev, with their inspectors");
const relaydesk = await startDev({
  ...relaydeskDev({ telegramRoot: tg.url, discordRoot: discord.url, keys }),
  extraArgs: ["--inspector-port", String(rdInspector), ...(process.env.BENCH_PROFILE_DIR ? ["--minify=false"] : [])],
});
const floor = await startDev({
  config: "bench/floor/wrangler.toml",
  readyPath: "/",
  vars: { TELEGRAM_API_ROOT: tg.url },
  secrets: { TELEGRAM_BOT_TOKEN: TG_TOKEN },
  extraArgs: ["--inspector-port", String(floorInspector)],
});

const rq = benchRequests({ url: relaydesk.url, keys, seed: startedAt, tag: "cpu" });
const followChats = [];
const cases = [
  ["`GET /healthz` (no message)", () => fetch(`${relaydesk.url}/healthz`)],
  [
    "Telegram, new customer (ticket + acknowledgement)",
    () => {
      const id = rq.newChat();
      followChats.push(id);
      return rq.postTelegram(rq.telegramUpdate(id, TEXT));
    },
  ],
  [
    "Telegram, follow-up on the open ticket",
    (i) => rq.postTelegram(rq.telegramUpdate(followChats[i % followChats.length], `More details ${i}`, 2 + i)),
  ],
  ["Discord interaction (/support form)", rq.discordInteraction],
  ["web form `POST /api/tickets`", rq.webform],
  ["email, Postmark inbound webhook", rq.email],
];

const rows = [];
try {
  const rd = await inspector(rdInspector);
  const fl = await inspector(floorInspector);
  log("warm-up");
  for (let i = 0; i < 10; i++) await (await rq.telegram()).arrayBuffer();
  const toFloor = () => rq.postTelegram(rq.telegramUpdate(rq.newChat(), TEXT), `${floor.url}/`);
  for (let i = 0; i < 10; i++) await (await toFloor()).arrayBuffer();
  for (const [name, make] of cases) {
    log(name);
    // Each path warmed up first (its code compiled), unprofiled.
    for (let i = 0; i < 5; i++) await (await make(1_000 + i)).arrayBuffer();
    rows.push({ name, ...(await profile(rd, N, make, relaydesk.pgid)) });
  }
  log("floor");
  rows.push({
    name: "floor Worker (one insert + one sendMessage), for scale",
    ...(await profile(fl, N, toFloor, floor.pgid)),
  });
  rd.close();
  fl.close();
} finally {
  await relaydesk.stop();
  await floor.stop();
  await tg.close();
  await discord.close();
}

const section = `## CPU time per inbound message (\`npm run bench:cpu\`)

${new Date().toISOString().slice(0, 10)}, \`wrangler dev\` on this 2-core machine (load average ${loadavg()[0].toFixed(1)} at the end). V8's
sampling profiler on the Worker's isolate through wrangler's inspector: ${N} messages per case, one after the other,
each request's \`waitUntil\` work (the acknowledgement's eager send, the feed publish) included, since Cloudflare bills
it too. Isolate CPU = non-idle samples (JavaScript, "(program)": the runtime's own work on the isolate's thread, and
garbage collection), each counted for at most one sampling period: V8 charges the time the isolate waited on D1 or a
fetch to the next sample, which earlier versions of this bench counted as CPU. Whole stack = user + system CPU of
the \`wrangler dev\` process group (the isolate, local D1's SQLite and its Durable Object, Queues, the local proxies)
over the case, per message: on Cloudflare most of it is not the Worker's. Read these as about ±20 % on a quiet machine;
under load (load average above the 2 cores) an isolate descheduled while entered still gets samples: ±40 % or more.

| case | isolate CPU ms / message | JavaScript | (program) | GC | whole local stack ms / message |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.map((r) => `| ${r.name} | **${ms(r.cpu)}** | ${ms(r.js)} | ${ms(r.program)} | ${ms(r.gc)} | ${ms(r.group)} |`).join("\n")}
`;
if (process.env.BENCH_PRINT === "1") console.log(section);
else writeSection(join(ROOT, "bench/RESULTS.md"), "cpu-per-message", section);
console.log(JSON.stringify(rows));
