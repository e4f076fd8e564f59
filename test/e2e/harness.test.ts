// The e2e harness itself: start on fresh state, restart on the same state, stop without leftovers.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupAlive, printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

const ROOT = resolve(import.meta.dirname, "../..");

let worker: RunningWorker | undefined;
beforeAll(async () => {
  worker = await startWrangler();
});
afterAll(async () => {
  await worker?.stop();
});
printOutputOnFailure(() => worker);

function running(): RunningWorker {
  if (!worker) throw new Error("wrangler dev did not start");
  return worker;
}

function staffTickets(token: string, subject: string) {
  return fetch(`${running().url}/api/staff/tickets?q=${encodeURIComponent(subject)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

describe("wrangler dev harness", () => {
  it("serves /healthz on 127.0.0.1 and takes its own bootstrap token, not the example one", async () => {
    const w = running();
    expect(w.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${w.url}/healthz`)).status).toBe(200);
    expect((await staffTickets(w.bootstrapToken, "anything")).status).toBe(200);
    const example = /^STAFF_BOOTSTRAP_TOKEN=(.+)$/m.exec(readFileSync(join(ROOT, ".dev.vars.example"), "utf8"))?.[1];
    expect((await staffTickets(example ?? "rd_dev_bootstrap_token_change_me", "anything")).status).toBe(401);
  });

  it("restarts on the same port and state: what was written before is still there", async () => {
    const w = running();
    const subject = `Harness restart ${crypto.randomUUID().slice(0, 8)}`;
    const created = await fetch(`${w.url}/api/tickets`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "erin@example.com", subject, description: "Login fails after reset." }),
    });
    expect(created.status).toBe(201);
    const before = w.pid();

    await w.restart();

    expect(w.pid()).toBeDefined();
    expect(w.pid()).not.toBe(before);
    expect(groupAlive(before as number)).toBe(false);
    expect((await fetch(`${w.url}/healthz`)).status).toBe(200);
    const list = await staffTickets(w.bootstrapToken, subject);
    expect(list.status).toBe(200);
    const { tickets } = (await list.json()) as { tickets: Array<{ subject: string }> };
    expect(tickets.map((t) => t.subject)).toEqual([subject]);
  });

  it("stop() leaves no process, no listener and no state dir behind", async () => {
    const w = running();
    const pgid = w.pid() as number;
    expect(groupAlive(pgid)).toBe(true);
    await w.stop();
    expect(groupAlive(pgid)).toBe(false);
    expect(existsSync(w.persistDir)).toBe(false);
    await expect(fetch(`${w.url}/healthz`)).rejects.toThrow();
    await w.stop(); // twice is fine (afterAll calls it again)
  });
});
