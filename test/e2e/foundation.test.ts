// The foundation's acceptance flow over real HTTP against `wrangler dev` (local D1, Queues, R2, DO).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message as MessageJson, Ticket as TicketJson } from "../../src/core/ticket";
import { eventually, printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

let worker: RunningWorker;

beforeAll(async () => {
  worker = await startWrangler();
});
afterAll(async () => {
  await worker?.stop();
});
printOutputOnFailure(() => worker);

function staff(path: string, init: RequestInit = {}) {
  return fetch(`${worker.url}/api/staff${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${worker.bootstrapToken}`, "Content-Type": "application/json", ...init.headers },
  });
}

async function ticketDetail(id: string) {
  const res = await staff(`/tickets/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { ticket: TicketJson; messages: MessageJson[] };
}

/** A form post from `ip` (a fresh address each call unless given: the form's rate limit counts per address). */
function submit(body: Record<string, unknown>, ip = `10.9.${Math.floor(Math.random() * 250)}.1`) {
  return fetch(`${worker.url}/api/tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
    body: JSON.stringify(body),
  });
}

describe("foundation on wrangler dev", () => {
  it("serves /healthz and the form", async () => {
    expect(await (await fetch(`${worker.url}/healthz`)).json()).toMatchObject({ ok: true });
    const page = await fetch(`${worker.url}/support`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/api\/tickets"/);
    expect(html).toContain('name="idempotencyKey"');
  });

  it("form -> ticket in the staff list -> ack delivered -> staff reply and note -> reply on /t/, note not", async () => {
    const subject = `Deposit not credited ${crypto.randomUUID().slice(0, 8)}`;
    const created = await submit({
      email: "alice@example.com",
      name: "Alice",
      category: "deposit",
      subject,
      description: "I sent 500 USDT two hours ago and it is not in my account.",
      idempotencyKey: crypto.randomUUID(),
    });
    expect(created.status).toBe(201);
    const { ticket, link } = (await created.json()) as { ticket: { id: string; number: string }; link: string };
    expect(ticket.number).toMatch(/^RD-\d{4,}$/);
    expect(link).toMatch(/^\/t\/[A-Za-z0-9_-]{20,}$/);

    const list = (await (await staff(`/tickets?q=${encodeURIComponent(subject)}`)).json()) as { tickets: TicketJson[] };
    expect(list.tickets.map((t) => t.id)).toEqual([ticket.id]);

    // The queue consumer delivers the bot's acknowledgement.
    const ack = await eventually(async () => {
      const { messages } = await ticketDetail(ticket.id);
      const m = messages.find((x) => x.author === "bot");
      return m?.delivery?.status === "sent" ? m : undefined;
    }, "acknowledgement delivered");
    expect(ack.body).toContain(ticket.number);
    expect(ack.body).toContain(
      "Official support will never ask for your password, 2FA code, private key or seed phrase",
    );

    const replyText = `We found your deposit ${crypto.randomUUID().slice(0, 6)}; it is being credited.`;
    const reply = await staff(`/tickets/${ticket.id}/replies`, {
      method: "POST",
      body: JSON.stringify({ body: replyText }),
    });
    expect(reply.status).toBe(201);
    const { message } = (await reply.json()) as { message: MessageJson };
    const noteText = `internal: checked chain explorer ${crypto.randomUUID().slice(0, 6)}`;
    expect(
      (await staff(`/tickets/${ticket.id}/notes`, { method: "POST", body: JSON.stringify({ body: noteText }) })).status,
    ).toBe(201);

    await eventually(async () => {
      const { messages } = await ticketDetail(ticket.id);
      return messages.find((x) => x.id === message.id)?.delivery?.status === "sent" ? true : undefined;
    }, "staff reply delivered");

    const page = await fetch(`${worker.url}${link}`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(replyText);
    expect(html).toContain(ticket.number);
    expect(html).not.toContain(noteText);

    // The customer answers on their page; it joins the same ticket.
    const customerText = `Thanks, I see it now ${crypto.randomUUID().slice(0, 6)}`;
    const answer = await fetch(`${worker.url}${link}/replies`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "10.8.0.1" },
      body: JSON.stringify({ body: customerText }),
    });
    expect(answer.status).toBe(201);
    const after = await ticketDetail(ticket.id);
    expect(after.messages.map((m) => m.body)).toContain(customerText);
    expect(after.ticket.status).toBe("open");
  });

  it("the same submission posted 5 times concurrently makes one ticket", async () => {
    const subject = `Double click ${crypto.randomUUID().slice(0, 8)}`;
    const body = {
      email: "bob@example.com",
      subject,
      description: "Withdrawal stuck since yesterday.",
      idempotencyKey: crypto.randomUUID(),
    };
    // A double click comes from one network (the key is scoped to it: channels/webform/submission-key.ts).
    const ip = `10.7.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => submit(body, ip)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const numbers = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { ticket: { number: string } }).ticket.number)),
    );
    expect(numbers.size).toBe(1);
    const list = (await (await staff(`/tickets?q=${encodeURIComponent(subject)}`)).json()) as { tickets: TicketJson[] };
    expect(list.tickets).toHaveLength(1);
    const { messages } = await ticketDetail(list.tickets[0]?.id as string);
    expect(messages.filter((m) => m.direction === "in")).toHaveLength(1);
    expect(messages.filter((m) => m.author === "bot")).toHaveLength(1);
  });

  it("answers bad input with 4xx JSON", async () => {
    const noEmail = await submit({ subject: "x", description: "y" });
    expect(noEmail.status).toBe(400);
    expect(await noEmail.json()).toMatchObject({ error: { code: "validation_failed" } });
    const unknown = await fetch(`${worker.url}/t/${"A".repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect((await staff("/tickets", { headers: { Authorization: "Bearer nope-nope-nope" } })).status).toBe(401);
  });
});
