/**
 * A web-form idempotency key makes a double click one ticket, and the repeat is answered with the
 * ticket's secret link. Someone who learns a customer's key (a predictable client, a shared log)
 * and types the customer's address (a claim, never proof) must not get that link back.
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
  it("answers the victim's link only to the same submission; other words with the same address get 409", async () => {
    const victim = formPayload();
    const first = await postJson("/api/tickets", victim);
    expect(first.status).toBe(201);
    const { link } = (await first.json()) as { link: string };

    // The honest repeat (a double click) still gets its own link back.
    const again = await postJson("/api/tickets", victim, { ip: uniqueIp() });
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
    expect(res.status).toBe(409);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "idempotency_key_reused" } });
    expect(text).not.toContain(link.slice(3));
    expect(idempotencyKey).not.toBe(victim.idempotencyKey);
    // Nothing of the attacker's was stored on the victim's ticket.
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE body = ?1")
      .bind(rest.description)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });
});
