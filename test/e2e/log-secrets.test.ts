// `/t/` tokens are credentials: what `wrangler dev` prints never holds one. At wrangler's `info` level its own
// request log prints every path (checked here, so the README's advice stays true); at `warn`, the level the harness
// and the README recommend, the output holds the Worker's warnings and errors, and no token.
import { afterEach, describe, expect, it } from "vitest";
import { eventually, type RunningWorker, startWrangler } from "./wrangler";

let worker: RunningWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

/** Opens a ticket through the form and sends requests with its `/t/` token through pages, 404s and bad input. */
async function driveTicketLinks(w: RunningWorker): Promise<string> {
  const created = await fetch(`${w.url}/api/tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      email: `log-${crypto.randomUUID().slice(0, 8)}@example.com`,
      subject: "Withdrawal pending",
      description: "My withdrawal has been pending for two days.",
      idempotencyKey: crypto.randomUUID(),
    }),
  });
  expect(created.status).toBe(201);
  const { link } = (await created.json()) as { link: string };
  const token = link.slice("/t/".length);
  expect(token.length).toBeGreaterThan(20);
  const send = (path: string, init: RequestInit = {}) => fetch(`${w.url}${path}`, { redirect: "manual", ...init });
  expect((await send(`/t/${token}`)).status).toBe(200);
  expect((await send(`/t/${token}/nothing-here`)).status).toBe(404);
  expect((await send(`/t/${token}/attachments/att_missing`)).status).toBe(404);
  const json = { "Content-Type": "application/json", Accept: "application/json" };
  expect((await send(`/t/${token}/replies`, { method: "POST", headers: json, body: "{" })).status).toBe(400);
  const reply = await send(`/t/${token}/replies`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ body: "Any news?", idempotencyKey: crypto.randomUUID() }),
  });
  expect(reply.status).toBeLessThan(300);
  expect((await send(`/t/${token}/csat`, { method: "POST", headers: json, body: "{}" })).status).toBeGreaterThan(399);
  // A staff reply goes out (to the dev sandbox) with the ticket's link in it.
  const list = await fetch(`${w.url}/api/staff/tickets?q=${encodeURIComponent("Withdrawal pending")}`, {
    headers: { Authorization: `Bearer ${w.bootstrapToken}` },
  });
  const { tickets } = (await list.json()) as { tickets: Array<{ id: string }> };
  const staffReply = await fetch(`${w.url}/api/staff/tickets/${tickets[0]?.id}/replies`, {
    method: "POST",
    headers: { Authorization: `Bearer ${w.bootstrapToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ body: "We are checking with the chain team." }),
  });
  expect(staffReply.status).toBe(201);
  const { message } = (await staffReply.json()) as { message: { id: string } };
  // Everything these requests lead to has run: the reply's delivery is decided (the queue consumer is done)...
  await eventually(async () => {
    const res = await fetch(`${w.url}/api/staff/tickets/${tickets[0]?.id}`, {
      headers: { Authorization: `Bearer ${w.bootstrapToken}` },
    });
    const { messages } = (await res.json()) as { messages: Array<{ id: string; delivery?: { status: string } }> };
    const status = messages.find((m) => m.id === message.id)?.delivery?.status;
    return status && status !== "queued" ? status : undefined;
  }, "the staff reply's delivery");
  // ...and wrangler has exited with its output read to the end: what it printed is all it will print.
  await w.stop();
  return token;
}

describe("wrangler dev output and /t/ tokens", () => {
  it("at the default (warn) level, the output never holds the token", async () => {
    worker = await startWrangler();
    const token = await driveTicketLinks(worker);
    expect(worker.output()).not.toContain(token);
    expect(worker.output()).not.toContain(worker.bootstrapToken);
  });

  it("at info, wrangler's own request log prints the path with the token (why the default is warn)", async () => {
    worker = await startWrangler({ logLevel: "info" });
    const token = await driveTicketLinks(worker);
    expect(worker.output()).toContain(`/t/${token}`);
  });
});
