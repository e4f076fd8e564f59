// A fresh checkout: `npm run dev` alone (it creates .dev.vars and applies local migrations) serves
// the form, and a submitted ticket shows in the staff API with the bootstrap token of .dev.vars.example.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, freePort } from "./wrangler";

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
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("created .dev.vars, serves /support, and lists a submitted ticket for the example bootstrap token", async () => {
    expect(readFileSync(join(dir, ".dev.vars"), "utf8")).toBe(readFileSync(join(ROOT, ".dev.vars.example"), "utf8"));
    const token = /^STAFF_BOOTSTRAP_TOKEN=(.+)$/m.exec(readFileSync(join(ROOT, ".dev.vars.example"), "utf8"))?.[1];
    expect(token).toBeTruthy();

    expect((await fetch(`${url}/support`)).status).toBe(200);
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
});
