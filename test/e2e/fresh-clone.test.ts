// A fresh checkout: `npm run dev` alone (it creates .dev.vars and applies local migrations) serves
// the form, and a submitted ticket shows in the staff API with the bootstrap token of .dev.vars.example.
// Development mode comes from that .dev.vars (wrangler.toml says production); after it, a bare
// `npx wrangler dev` is in development mode too, and an older .dev.vars without ENVIRONMENT gets it.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, freePort, groupAlive } from "./wrangler";

const ROOT = resolve(import.meta.dirname, "../..");

describe("fresh checkout with npm run dev", () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let log = "";

  beforeAll(async () => {
    // What a clone of this working tree has (tracked and new, unignored files), with node_modules linked in.
    dir = mkdtempSync(join(tmpdir(), "relaydesk-clone-"));
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\0")
      .filter(Boolean);
    for (const f of files) {
      if (!existsSync(join(ROOT, f))) continue;
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(join(ROOT, f), join(dir, f));
    }
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    expect(existsSync(join(dir, ".dev.vars"))).toBe(false);

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(
      "npm",
      ["run", "dev", "--", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false"],
      {
        cwd: dir,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    child.stdout?.on("data", (d) => (log += d));
    child.stderr?.on("data", (d) => (log += d));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`npm run dev exited:\n${log}`);
        return (await fetch(`${url}/healthz`).catch(() => null))?.ok ? true : undefined;
      },
      `npm run dev to serve /healthz\n${log}`,
      120_000,
    );
  });

  afterAll(async () => {
    await stop(child);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("created .dev.vars, serves /support, and lists a submitted ticket for the example bootstrap token", async () => {
    expect(readFileSync(join(dir, ".dev.vars"), "utf8")).toBe(readFileSync(join(ROOT, ".dev.vars.example"), "utf8"));
    const token = /^STAFF_BOOTSTRAP_TOKEN=(.+)$/m.exec(readFileSync(join(ROOT, ".dev.vars.example"), "utf8"))?.[1];
    expect(token).toBeTruthy();

    expect((await fetch(`${url}/support`)).status).toBe(200);
    // Development mode, from .dev.vars only: the sandbox exists and the form needs no Turnstile.
    expect((await fetch(`${url}/dev/sandbox?format=json`)).status).toBe(200);
    const subject = `Fresh clone ${crypto.randomUUID().slice(0, 8)}`;
    const created = await fetch(`${url}/api/tickets`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "dana@example.com", subject, description: "KYC rejected twice." }),
    });
    expect(created.status).toBe(201);
    const list = await fetch(`${url}/api/staff/tickets?q=${encodeURIComponent(subject)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(list.status).toBe(200);
    const { tickets } = (await list.json()) as { tickets: Array<{ subject: string }> };
    expect(tickets.map((t) => t.subject)).toEqual([subject]);
  });

  it("after dev-setup (which adds ENVIRONMENT to an older .dev.vars), `npx wrangler dev` alone is in development mode", async () => {
    await stop(child);
    const mine = `rd_mine_${crypto.randomUUID().replace(/-/g, "")}`;
    const example = readFileSync(join(dir, ".dev.vars.example"), "utf8");
    const older = example
      .replace(/^.*ENVIRONMENT.*$\n?/gm, "")
      .replace(/^STAFF_BOOTSTRAP_TOKEN=.*$/m, `STAFF_BOOTSTRAP_TOKEN=${mine}`);
    expect(older).not.toContain("ENVIRONMENT");
    writeFileSync(join(dir, ".dev.vars"), older.trimEnd());
    const setup = spawnSync(process.execPath, ["scripts/dev-setup.mjs"], {
      cwd: dir,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(setup.status, `${setup.stdout}\n${setup.stderr}`).toBe(0);
    const devVars = readFileSync(join(dir, ".dev.vars"), "utf8");
    expect(devVars.startsWith(`${older.trimEnd()}\n`)).toBe(true);
    expect(devVars).toMatch(/^ENVIRONMENT=development$/m);
    expect(devVars).toContain(`\nSTAFF_BOOTSTRAP_TOKEN=${mine}\n`);

    const port = await freePort();
    const bare = `http://127.0.0.1:${port}`;
    log = "";
    child = spawn(
      "npx",
      ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false"],
      {
        cwd: dir,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    child.stdout?.on("data", (d) => (log += d));
    child.stderr?.on("data", (d) => (log += d));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`npx wrangler dev exited:\n${log}`);
        return (await fetch(`${bare}/healthz`).catch(() => null))?.ok ? true : undefined;
      },
      `npx wrangler dev to serve /healthz\n${log}`,
      120_000,
    );
    expect((await fetch(`${bare}/dev/sandbox?format=json`)).status).toBe(200);
    const created = await fetch(`${bare}/api/tickets`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        email: "erin@example.com",
        subject: "Bare wrangler dev",
        description: "Withdrawal pending.",
      }),
    });
    expect(created.status).toBe(201);
    const staff = await fetch(`${bare}/api/staff/tickets`, { headers: { Authorization: `Bearer ${mine}` } });
    expect(staff.status).toBe(200);
  });
});

/** Stops a process group started here (npm or npx, and wrangler and workerd under it). */
async function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  process.kill(-proc.pid, "SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  try {
    process.kill(-proc.pid, "SIGKILL");
  } catch {
    // gone
  }
  // Until nothing of the group is left, so the next start finds the local state free.
  const deadline = Date.now() + 10_000;
  while (groupAlive(proc.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
