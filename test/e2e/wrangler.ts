/** Starts real `wrangler dev` processes on 127.0.0.1 with their own fresh local state. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

/** Wrangler 4.124 needs Node 22: the `node` devDependency's binary, whatever node runs the tests. */
function nodeBinary(): string {
  for (const candidate of [
    join(ROOT, "node_modules", "node", "bin", "node"),
    join(ROOT, "node_modules", ".bin", "node"),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  return process.execPath;
}

const ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" };

export interface WranglerOptions {
  /** Extra `--var NAME:value` pairs (vars and secrets alike). */
  vars?: Record<string, string>;
}

export interface RunningWorker {
  url: string;
  bootstrapToken: string;
  persistDir: string;
  /** What wrangler printed so far (for failure messages). */
  output(): string;
  /** Stops the process (state stays on disk) and starts it again on the same port and state. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

/** Applies migrations into a fresh state dir and starts `wrangler dev`; resolves once /healthz answers. */
export async function startWrangler(opts: WranglerOptions = {}): Promise<RunningWorker> {
  const persistDir = mkdtempSync(join(tmpdir(), "relaydesk-e2e-"));
  const migrate = spawnSync(
    nodeBinary(),
    [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir],
    {
      cwd: ROOT,
      env: ENV,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const port = await freePort();
  const bootstrapToken = `e2e-${crypto.randomUUID()}`;
  const vars: Record<string, string> = {
    ENVIRONMENT: "development",
    STAFF_BOOTSTRAP_TOKEN: bootstrapToken,
    ...opts.vars,
  };
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistDir];
  args.push("--show-interactive-dev-session=false", "--log-level", "info");
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);

  let child: ChildProcess | null = null;
  let log = "";
  const url = `http://127.0.0.1:${port}`;

  const launch = async () => {
    child = spawn(nodeBinary(), args, { cwd: ROOT, env: ENV, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout?.on("data", (d) => (log += d));
    child.stderr?.on("data", (d) => (log += d));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${log}`);
      try {
        const res = await fetch(`${url}/healthz`);
        if (res.ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`wrangler dev did not answer /healthz in 90 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const kill = async () => {
    const proc = child as ChildProcess | null;
    if (!proc || proc.exitCode !== null || proc.pid === undefined) return;
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    try {
      process.kill(-proc.pid, "SIGTERM"); // the whole group: wrangler and its workerd
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(proc.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (err) {
    await kill();
    rmSync(persistDir, { recursive: true, force: true });
    throw err;
  }

  return {
    url,
    bootstrapToken,
    persistDir,
    output: () => log,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}

/** Polls `fn` until it returns a value (not undefined), at most `ms`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
