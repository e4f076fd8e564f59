#!/usr/bin/env node
/**
 * npm run bench:chat — live chat's delivery latency on the local stack: 200 widget sockets open at
 * once (200 chat sessions through POST /api/chat/session, each with GET /api/chat/socket), an agent
 * replies to their tickets through POST /api/staff/tickets/:id/replies, and each sample is the time
 * from sending that reply POST to the reply's arrival on the visitor's socket.
 *
 * The floor is measured in the same run on the same machine and toolchain: a bare Durable Object
 * room with WebSocket hibernation (bench/chat-echo/), 200 sockets too, where `POST /push` sends a
 * frame to the room's socket (the bare form of "an HTTP request reaches a socket through a DO") and a
 * socket's own echo is the bare WebSocket round trip. Floor and Relaydesk rounds alternate.
 *
 * Bounded: SOCKETS sockets, ROUNDS rounds of one reply per socket, every wait has a deadline, and
 * every server listens on 127.0.0.1. `--write` replaces the `chat-latency` section of bench/RESULTS.md.
 * Env: BENCH_SOCKETS (200), BENCH_ROUNDS (2), BENCH_IN_FLIGHT (10). Needs Node 22 (run through npm).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { ms, startDev, summarize, writeSection } from "./lib.mjs";

const SOCKETS = Math.min(1000, Number(process.env.BENCH_SOCKETS ?? 200));
const ROUNDS = Math.min(10, Number(process.env.BENCH_ROUNDS ?? 2));
const IN_FLIGHT = Math.min(200, Number(process.env.BENCH_IN_FLIGHT ?? 10));
const ARRIVAL_TIMEOUT_MS = 30_000;
const WRITE = process.argv.includes("--write");
const RESULTS = new URL("./RESULTS.md", import.meta.url).pathname;
const PROTOCOL = "relaydesk-chat";
const startedAt = Date.now();
const log = (...a) => console.log(`[chat-bench +${((Date.now() - startedAt) / 1000).toFixed(0)}s]`, ...a);

/** Runs `jobs` with at most `n` at a time. */
async function pool(n, jobs) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
}

/**
 * A socket that resolves `waitFor(marker)` when a frame containing `marker` arrives (frames may
 * come before the wait is set: they are kept by marker until asked for).
 */
function watchedSocket(url, protocols, match) {
  const ws = new WebSocket(url, protocols);
  const waiting = new Map();
  const arrived = new Map();
  ws.addEventListener("message", (ev) => {
    const at = performance.now();
    const marker = match(typeof ev.data === "string" ? ev.data : "");
    if (!marker) return;
    const w = waiting.get(marker);
    if (w) {
      waiting.delete(marker);
      w(at);
    } else arrived.set(marker, at);
  });
  const opened = new Promise((ok, fail) => {
    ws.addEventListener("open", () => ok(), { once: true });
    ws.addEventListener("error", () => fail(new Error(`socket ${url} failed to open`)), { once: true });
  });
  return {
    ws,
    opened,
    waitFor(marker, timeoutMs = ARRIVAL_TIMEOUT_MS) {
      const early = arrived.get(marker);
      if (early !== undefined) {
        arrived.delete(marker);
        return Promise.resolve(early);
      }
      return new Promise((ok) => {
        const timer = setTimeout(() => {
          waiting.delete(marker);
          ok(null);
        }, timeoutMs);
        waiting.set(marker, (at) => {
          clearTimeout(timer);
          ok(at);
        });
      });
    },
  };
}

const MARK = /\bm[0-9a-z]{10,}\b/;
const newMarker = () => `m${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;

/** One sample per job: `send(marker)` then the arrival of `marker` on the target's socket; latency from just before send. */
async function measure(targets, inFlight, send) {
  const latencies = [];
  let lost = 0;
  let failed = 0;
  const started = performance.now();
  await pool(
    inFlight,
    targets.map((target) => async () => {
      const marker = newMarker();
      const t0 = performance.now();
      const arrival = target.socket.waitFor(marker);
      const ok = await send(target, marker).catch(() => false);
      if (!ok) failed++;
      const at = await arrival;
      if (at === null) lost++;
      else latencies.push(at - t0);
    }),
  );
  return { latencies, lost, failed, seconds: (performance.now() - started) / 1000 };
}

/** The rounds of one case as one summary (every sample of every round). */
function combine(list) {
  const all = list.flatMap((r) => r.latencies);
  const s = summarize(
    all,
    list.reduce((n, r) => n + r.failed, 0),
    list.reduce((n, r) => n + r.seconds, 0),
  );
  return { ...s, lost: list.reduce((n, r) => n + r.lost, 0) };
}

let setupRetries = 0;
/** A setup call (not measured) tried up to 4 times on a 5xx or a dropped local connection; anything else must be 2xx. */
async function setupCall(what, call) {
  for (let attempt = 1; ; attempt++) {
    const res = await call().catch((err) => err);
    const transient = res instanceof Error || res.status >= 500;
    if (!transient && res.ok) return res;
    const detail = res instanceof Error ? res.message : `${res.status} ${await res.text()}`;
    if (!transient || attempt === 4) throw new Error(`${what}: ${detail}`);
    setupRetries++;
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

/** A socket opened for the setup, tried up to 4 times (the local stack under load drops an upgrade now and then). */
async function setupSocket(what, open) {
  for (let attempt = 1; ; attempt++) {
    const socket = open();
    const failed = await socket.opened.then(
      () => null,
      (err) => err,
    );
    if (!failed) return socket;
    if (attempt === 4) throw new Error(`${what}: ${failed.message}`);
    setupRetries++;
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

// ---- the floor: a bare DO echo room on its own wrangler dev ----
log("starting the echo floor (bench/chat-echo)");
const echoDir = mkdtempSync(join(tmpdir(), "relaydesk-chat-echo-"));
const echo = await startDev({ config: "bench/chat-echo/wrangler.toml", persistDir: echoDir });
const echoWs = echo.url.replace(/^http/, "ws");

// ---- Relaydesk ----
log("starting Relaydesk (wrangler dev)");
const BOOTSTRAP = `bench-${crypto.randomUUID()}`;
const worker = await startDev({
  vars: { ENVIRONMENT: "development", TURNSTILE: "off" },
  secrets: { STAFF_BOOTSTRAP_TOKEN: BOOTSTRAP },
});
const wsBase = worker.url.replace(/^http/, "ws");
const staff = { Authorization: `Bearer ${BOOTSTRAP}`, "Content-Type": "application/json" };

const cleanup = async () => {
  for (const t of [...floorTargets, ...chatTargets]) t.socket.ws.close();
  await worker.stop().catch(() => {});
  await echo.stop().catch(() => {});
  rmSync(echoDir, { recursive: true, force: true });
};
const floorTargets = [];
const chatTargets = [];

try {
  log(`opening ${SOCKETS} floor sockets`);
  await pool(
    IN_FLIGHT,
    Array.from({ length: SOCKETS }, (_, i) => async () => {
      const room = `r${i}`;
      const socket = await setupSocket(`floor socket ${i}`, () =>
        watchedSocket(`${echoWs}/socket?room=${room}`, undefined, (d) => MARK.exec(d)?.[0]),
      );
      floorTargets.push({ room, socket });
    }),
  );

  log(`opening ${SOCKETS} chat sessions, their sockets, and a first message each`);
  await pool(
    IN_FLIGHT,
    Array.from({ length: SOCKETS }, (_, i) => async () => {
      // Each visitor as its own client address: the per-IP abuse limit is not what this measures.
      const ip = `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const headers = { "Content-Type": "application/json", "CF-Connecting-IP": ip };
      const s = await setupCall(`session ${i}`, () =>
        fetch(`${worker.url}/api/chat/session`, {
          method: "POST",
          headers,
          body: JSON.stringify({ lang: i % 2 ? "zh" : "en" }),
        }),
      );
      const { token } = await s.json();
      const socket = await setupSocket(`socket ${i}`, () =>
        // The client address rides on the upgrade too (undici's WebSocket takes headers): sockets are limited per IP.
        watchedSocket(
          `${wsBase}/api/chat/socket`,
          { protocols: [PROTOCOL, token], headers: { "CF-Connecting-IP": ip } },
          (d) => {
            try {
              const f = JSON.parse(d);
              return f.type === "message" && f.message?.author === "staff" ? MARK.exec(f.message.body)?.[0] : null;
            } catch {
              return null;
            }
          },
        ),
      );
      // One clientId for every try: a retried first message is deduplicated, never a second ticket.
      const clientId = `bench-${i}-${crypto.randomUUID().slice(0, 8)}`;
      const m = await setupCall(`first message ${i}`, () =>
        fetch(`${worker.url}/api/chat/messages`, {
          method: "POST",
          headers: { ...headers, Authorization: `Bearer ${token}` },
          body: JSON.stringify({ clientId, text: `Bench visitor ${i}: where is my deposit?` }),
        }),
      );
      const { ticket } = await m.json();
      chatTargets.push({ ticketId: ticket.id, socket });
    }),
  );
  if (chatTargets.length !== SOCKETS) throw new Error(`only ${chatTargets.length} of ${SOCKETS} sessions`);
  if (setupRetries) log(`setup: ${setupRetries} call(s) or socket(s) retried after a 5xx or a dropped connection`);
  // The first messages' bot answers go out through the queue: let them drain before measuring.
  log("letting the bot's acknowledgements drain");
  await new Promise((r) => setTimeout(r, 5_000));

  const staffReply = async (t, marker) => {
    const res = await fetch(`${worker.url}/api/staff/tickets/${t.ticketId}/replies`, {
      method: "POST",
      headers: staff,
      body: JSON.stringify({ body: `Hello, we are looking into it (${marker}).` }),
    });
    await res.arrayBuffer();
    return res.status === 201 || res.status === 200;
  };
  const floorPush = async (t, marker) => {
    const res = await fetch(`${echo.url}/push?room=${t.room}`, { method: "POST", body: JSON.stringify({ marker }) });
    await res.arrayBuffer();
    return res.status === 204;
  };
  const floorEcho = async (t, marker) => {
    t.socket.ws.send(JSON.stringify({ marker }));
    return true;
  };

  const runs = { floorEcho: [], floorPush: [], relaydesk: [], floorPushBurst: [], relaydeskBurst: [] };
  for (let r = 0; r < ROUNDS; r++) {
    log(`round ${r + 1}/${ROUNDS}: ${IN_FLIGHT} in flight`);
    runs.floorEcho.push(await measure(floorTargets, IN_FLIGHT, floorEcho));
    runs.floorPush.push(await measure(floorTargets, IN_FLIGHT, floorPush));
    runs.relaydesk.push(await measure(chatTargets, IN_FLIGHT, staffReply));
  }
  log(`burst: one reply to every socket at once (${SOCKETS} in flight)`);
  runs.floorPushBurst.push(await measure(floorTargets, SOCKETS, floorPush));
  runs.relaydeskBurst.push(await measure(chatTargets, SOCKETS, staffReply));

  const report = render(runs);
  console.log(report);
  if (WRITE) {
    writeSection(RESULTS, "chat-latency", report);
    log("wrote the chat-latency section of bench/RESULTS.md");
  }
} finally {
  await cleanup();
}

function render(runs) {
  const row = (name, list) => {
    const all = combine(list);
    return `| ${name} | ${all.requests} | ${all.lost} | ${all.failures} | ${ms(all.p50)} | ${ms(all.p95)} | ${ms(all.p99)} | ${ms(all.max)} |`;
  };
  const head =
    "| case | samples | lost | failed POSTs | p50 | p95 | p99 | max |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
  const rd = combine(runs.relaydesk);
  const floor = combine(runs.floorPush);
  const burst = combine(runs.relaydeskBurst);
  const floorBurst = combine(runs.floorPushBurst);
  const day = new Date().toISOString().slice(0, 10);
  return `## Live chat: staff reply to widget socket (\`npm run bench:chat\`)

${SOCKETS} widget sockets open at once on \`wrangler dev\` (local D1, Queues, Durable Objects): ${SOCKETS} chat
sessions (\`POST /api/chat/session\`), each with its socket (\`GET /api/chat/socket\`) and a first message
that opened its ticket. A sample is the time (ms) from sending \`POST /api/staff/tickets/:id/replies\`
to the reply's frame arriving on that visitor's socket. The floor, measured in the same run: a bare
Durable Object room with WebSocket hibernation (\`bench/chat-echo/\`, its own \`wrangler dev\` on the
same machine) and ${SOCKETS} sockets, where \`POST /push\` sends a frame to the room's socket; the socket
echo is the bare WebSocket round trip. Floor and Relaydesk rounds alternate.
Run on ${day}: ${os.cpus().length} cores, Node ${process.versions.node}; ${ROUNDS} round(s) of one reply per socket.${
    setupRetries
      ? `\nSetup (not measured) retried ${setupRetries} session call(s) or socket(s) after a 5xx or a dropped local connection.`
      : ""
  }

**${IN_FLIGHT} replies in flight** (closed loop):

${head}
${row("bare WebSocket echo (floor)", runs.floorEcho)}
${row("bare DO push: POST → socket (floor)", runs.floorPush)}
${row("staff reply POST → widget socket", runs.relaydesk)}

**Burst: one reply to every socket at once** (${SOCKETS} in flight):

${head}
${row("bare DO push (floor)", runs.floorPushBurst)}
${row("staff reply POST → widget socket", runs.relaydeskBurst)}

Median over the push floor: **${ms(rd.p50 - floor.p50)} ms** (${(rd.p50 / floor.p50).toFixed(1)}×), p99 **${ms(rd.p99)} ms**
vs ${ms(floor.p99)} ms; in the burst, median ${ms(burst.p50)} vs ${ms(floorBurst.p50)} ms. What the difference
pays for: the staff session check, the reply's D1 batch (message, outbox, audit), and the room push
(eager, in \`waitUntil\`, before the queue's delivery push, which the widget dedupes by message id).`;
}
