/**
 * A web-form idempotency key makes a double click one ticket, and the repeat is answered with the
 * ticket's secret link. Someone who learns a customer's key (a predictable client, a shared log)
 * and types the customer's address (a claim, never proof) must not get that link back: their submission is
 * one of their own (its own ticket and link), never merged into the customer's.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { formPayload, postJson, uniqueIp } from "../channels/webform/builders";

/** The victim's address as the attacker may retype it: same mailbox, other spelling. */
function retype(address: string): string {
  const variants = [address, address.toUpperCase(), ` ${address} `, address.replace(/^./, (c) => c.toUpperCase())];
  return variants[Math.floor(Math.random() * variants.length)] as string;
}

describe("a reused idempotency key on POST /api/tickets", { timeout: 30_000 }, () => {
  it("answers the victim's link only to the same submission; other words with the same address open their own ticket", async () => {
    const victim = formPayload();
    const victimIp = uniqueIp();
    const first = await postJson("/api/tickets", victim, { ip: victimIp });
    expect(first.status).toBe(201);
    const { link } = (await first.json()) as { link: string };

    // The honest repeat (a double click, from the same network) still gets its own link back.
    const again = await postJson("/api/tickets", victim, { ip: victimIp });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { link: string }).link).toBe(link);

    // The attacker knows the key and the address, not what the victim wrote.
    const viaHeader = Math.random() < 0.5;
    const { idempotencyKey, ...rest } = formPayload({
      email: retype(victim.email),
      subject: Math.random() < 0.5 ? victim.subject : `Please help ${crypto.randomUUID()}`,
    });
    const body = viaHeader ? rest : { ...rest, idempotencyKey: victim.idempotencyKey };
    const res = await postJson("/api/tickets", body, {
      ip: uniqueIp(),
      ...(viaHeader ? { headers: { "Idempotency-Key": victim.idempotencyKey } } : {}),
    });
    const text = await res.text();
    expect(res.status).toBe(201);
    expect(text).not.toContain(link.slice(3));
    expect(idempotencyKey).not.toBe(victim.idempotencyKey);
    // The attacker's words are on a ticket of their own, never on the victim's.
    const { ticket } = JSON.parse(text) as { ticket: { id: string } };
    const stored = await env.DB.prepare("SELECT ticket_id FROM messages WHERE body = ?1 AND direction = 'in'")
      .bind(rest.description)
      .all<{ ticket_id: string }>();
    expect(stored.results).toEqual([{ ticket_id: ticket.id }]);
    const victimTicket = await env.DB.prepare("SELECT ticket_id FROM messages WHERE body = ?1 AND direction = 'in'")
      .bind(victim.description)
      .first<{ ticket_id: string }>();
    expect(victimTicket?.ticket_id).not.toBe(ticket.id);
  });
});
