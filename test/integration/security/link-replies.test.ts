/**
 * The `/t/` reply key attacked: an idempotency key is the client's to choose (an exchange's backend may
 * number them `reply-1`, `reply-2`…), so two customers can send the same one. Each customer's reply is
 * their own: stored on their own ticket, never refused or answered because of another's, and never
 * overwriting the other's file, also when both race.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTicket, get, postJson, postMultipart } from "../channels/webform/builders";

/** A key in one of the layouts clients use. */
function key(): string {
  const n = Math.floor(Math.random() * 1_000_000);
  const layouts = [
    () => crypto.randomUUID(),
    () => `reply-${n}`,
    () => String(10_000_000 + n),
    () => `k_${crypto.randomUUID().slice(0, 8)}`,
  ];
  return (layouts[Math.floor(Math.random() * layouts.length)] as () => string)();
}

/** A PNG whose bytes are this customer's own (the signature, then a random tail). */
function png(): Uint8Array {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return Uint8Array.from([...sig, ...crypto.getRandomValues(new Uint8Array(64))]);
}

async function attachmentOf(word: string): Promise<{ id: string; ticketId: string } | null> {
  return env.DB.prepare(
    `SELECT a.id, m.ticket_id AS ticketId FROM attachments a JOIN messages m ON m.id = a.message_id
      WHERE instr(m.body, ?1) > 0`,
  )
    .bind(word)
    .first<{ id: string; ticketId: string }>();
}

describe("POST /t/:token/replies: the same idempotency key from two customers", () => {
  it("each gets their own message on their own ticket, one after the other and racing; a retry answers its own", async () => {
    for (const race of [false, true]) {
      const k = key();
      const people = await Promise.all([createTicket(), createTicket(), createTicket()]);
      const words = people.map(() => `w${crypto.randomUUID().replace(/-/g, "")}`);
      const files = people.map(() => png());
      const send = (i: number) =>
        postMultipart(
          `/t/${people[i]?.token}/replies`,
          { body: `About my case ${words[i]}`, idempotencyKey: k },
          [{ name: "proof.png", type: "image/png", data: files[i] as Uint8Array }],
          { headers: { Accept: "application/json" } },
        );
      const results = race ? await Promise.all(people.map((_, i) => send(i))) : [];
      if (!race) for (const i of people.keys()) results.push(await send(i));
      const bodies = (await Promise.all(results.map((r) => r.json()))) as Array<{ message?: { id: string } }>;
      expect(
        results.map((r) => r.status),
        JSON.stringify(bodies),
      ).toEqual([201, 201, 201]);
      expect(new Set(bodies.map((b) => b.message?.id)).size).toBe(3);

      for (const [i, p] of people.entries()) {
        // Stored once, on the customer's own ticket, with the customer's own bytes behind the link.
        const att = await attachmentOf(words[i] as string);
        expect(att?.ticketId).toBe(p.created.ticket.id);
        const file = await get(`/t/${p.token}/attachments/${att?.id}`);
        expect(file.status).toBe(200);
        expect(new Uint8Array(await file.arrayBuffer())).toEqual(files[i]);
        // Nobody else's words on the page.
        const page = await (await get(`/t/${p.token}`, { headers: { Accept: "application/json" } })).text();
        for (const [j, w] of words.entries()) if (j !== i) expect(page).not.toContain(w);
        // A retry with the same key answers with the customer's own message.
        const retry = await postJson(`/t/${p.token}/replies`, { body: `About my case ${words[i]}`, idempotencyKey: k });
        expect(retry.status).toBe(200);
        expect(((await retry.json()) as { message: { id: string } }).message.id).toBe(bodies[i]?.message?.id);
      }
    }
  });
});
