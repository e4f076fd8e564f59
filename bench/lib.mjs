/**
 * Shared parts of `npm run bench`: starting `wrangler dev` for any config on its own local
 * state, bounded load loops (closed loop, bursts), latency summaries, and the RESULTS.md
 * section writer that leaves other sections alone.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../", import.meta.url).pathname;
export const NODE = existsSync(join(ROOT, "node_modules/node/bin/node"))
  ? join(ROOT, "node_modules/node/bin/node")
  : existsSync(join(ROOT, "node_modules/.bin/node"))
    ? join(ROOT, "node_modules/.bin/node")
    : process.execPath;
export const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" };
const live = new Set();
process.once("exit", () => {
  for (const pgid of live) kill(pgid, "SIGKILL");
});

function kill(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // gone
  }
}

function alive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs wrangler synchronously (migrations, d1 execute, dry-run builds); throws with its output on failure. */
export function wrangler(args, { timeout = 600_000 } = {}) {
  const r = spawnSync(NODE, [WRANGLER, ...args], { cwd: ROOT, env: ENV, encoding: "utf8", timeout });
  if (r.status !== 0)
    throw new Error(`wrangler ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/**
 * `wrangler dev -c <config>` on 127.0.0.1 with its own state dir (migrations applied unless
 * `persistDir` is given already loaded). Secrets go in an env file, so a developer's .dev.vars
 * never leaks in. Resolves when `GET readyPath` answers. wrangler logs at `warn` (BENCH_LOG_LEVEL=info or
 * debug shows its request log and the runtime's messages in `output()`).
 */
export async function startDev({
  config = "wrangler.toml",
  vars = {},
  secrets = {},
  persistDir,
  readyPath = "/healthz",
  extraArgs = [],
}) {
  const owned = !persistDir;
  const dir = persistDir ?? mkdtempSync(join(tmpdir(), "relaydesk-bench-"));
  if (owned) wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir, "-c", config]);
  const envFile = join(dir, "bench.env");
  writeFileSync(
    envFile,
    Object.entries(secrets)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [WRANGLER, "dev", "-c", config, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", dir];
  args.push(
    "--env-file",
    envFile,
    "--show-interactive-dev-session=false",
    "--log-level",
    process.env.BENCH_LOG_LEVEL ?? "warn",
  );
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  args.push(...extraArgs);
  let log = "";
  const proc = spawn(NODE, args, { cwd: ROOT, env: ENV, stdio: ["ignore", "pipe", "pipe"], detached: true });
  live.add(proc.pid);
  proc.stdout.on("data", (d) => (log = (log + d).slice(-20_000)));
  proc.stderr.on("data", (d) => (log = (log + d).slice(-20_000)));
  const stop = async ({ keepState = false } = {}) => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once("exit", r));
      kill(proc.pid, "SIGTERM");
      const timer = setTimeout(() => kill(proc.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    kill(proc.pid, "SIGKILL");
    const deadline = Date.now() + 10_000;
    while (alive(proc.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    live.delete(proc.pid);
    if (owned && !keepState) rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`wrangler dev (${config}) exited:\n${log}`);
    const res = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
    if (res) {
      await res.arrayBuffer();
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev (${config}) did not answer in 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, dir, stop, pgid: proc.pid, output: () => log };
}

/**
 * CPU time (ms, user + system) used so far by every process in the group `pgid` (wrangler's node and
 * its workerd: the Worker's isolate, local D1, Queues and Durable Objects), from /proc (Linux only).
 */
export function groupCpuMs(pgid) {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** p50/p95/p99/max of ms samples, with the request rate over `seconds`. */
export function summarize(latencies, failures, seconds) {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return {
    requests: s.length,
    failures,
    rps: s.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: s[s.length - 1] ?? Number.NaN,
  };
}

/** Times `make(i)` to the end of its body; counts non-2xx answers and failed connections. */
export async function timed(make, i, latencies, counters) {
  const t0 = performance.now();
  try {
    const res = await make(i);
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    if (!res.ok) {
      counters.failures++;
      counters.statuses[res.status] = (counters.statuses[res.status] ?? 0) + 1;
    }
  } catch {
    latencies.push(performance.now() - t0);
    counters.failures++;
  }
}

/** `total` requests with `inFlight` always outstanding: throughput at a fixed concurrency. */
export async function closedLoop(total, inFlight, make) {
  const latencies = [];
  const counters = { failures: 0, statuses: {} };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await timed(make, next++, latencies, counters);
    }),
  );
  return {
    ...summarize(latencies, counters.failures, (performance.now() - started) / 1000),
    statuses: counters.statuses,
  };
}

/** `count` bursts of `size` requests fired at once, `gapMs` apart: `size` concurrent senders. */
export async function bursts(count, size, gapMs, make) {
  const latencies = [];
  const counters = { failures: 0, statuses: {} };
  let i = 0;
  const started = performance.now();
  for (let b = 0; b < count; b++) {
    await Promise.all(Array.from({ length: size }, () => timed(make, i++, latencies, counters)));
    if (b < count - 1) await new Promise((r) => setTimeout(r, gapMs));
  }
  return {
    ...summarize(latencies, counters.failures, (performance.now() - started) / 1000),
    statuses: counters.statuses,
  };
}

/** Replaces (or appends) the `<!-- name:start -->…<!-- name:end -->` section of RESULTS.md; other sections stay. */
export function writeSection(file, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  const next =
    i !== -1 && j > i
      ? current.slice(0, i) + section + current.slice(j + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

export const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : "–");
