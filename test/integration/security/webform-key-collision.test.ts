/**
 * A web-form idempotency key someone else learned (a shared log, a predictable client, copied in)
 * must not let them send first and get the customer's real submission dropped as a "duplicate" or
 * answered with their ticket: a collision from another submission is stored as its own ticket, and
 * only the same submission again (a double click, a client's retry) is stored once.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Created, formPayload, PNG_1X1, postJson, postMultipart, uniqueIp } from "../channels/webform/builders";

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

/** What the attacker may know of the victim's submission: the key, maybe the address and subject, never all the words. */
function attackerCopy(victim: ReturnType<typeof formPayload>) {
  const own = formPayload();
  return {
    ...own,
    idempotencyKey: victim.idempotencyKey,
    email: pick([own.email, victim.email, victim.email.toUpperCase(), ` ${victim.email} `]),
    subject: pick([own.subject, victim.subject]),
    description: pick([own.description, `${victim.description} (and more)`, victim.description.slice(0, -1)]),
  };
}

async function messagesWith(body: string) {
  const { results } = await env.DB.prepare(
    "SELECT m.ticket_id, m.provider_message_id FROM messages m WHERE m.direction = 'in' AND m.body = ?1",
  )
    .bind(body)
    .all<{ ticket_id: string; provider_message_id: string }>();
  return results;
}

describe("a web-form idempotency key used first by someone else", { timeout: 60_000 }, () => {
  it("stores the victim's submission on its own ticket, once, with its own link", async () => {
    const victim = formPayload({ idempotencyKey: `k${crypto.randomUUID().replace(/-/g, "")}` });
    const attacker = attackerCopy(victim);
    const viaHeader = Math.random() < 0.5;
    const { idempotencyKey, ...rest } = attacker;
    const [victimIp, attackerIp] = [uniqueIp(), uniqueIp()];
    const first = await postJson("/api/tickets", viaHeader ? rest : attacker, {
      ip: attackerIp,
      ...(viaHeader ? { headers: { "Idempotency-Key": idempotencyKey } } : {}),
    });
    expect(first.status).toBe(201);
    const attackerTicket = (await first.json()) as Created;

    const res = await postJson("/api/tickets", victim, { ip: victimIp });
    expect(res.status).toBe(201);
    const mine = (await res.json()) as Created;
    expect(mine.ticket.id).not.toBe(attackerTicket.ticket.id);
    expect(mine.link).not.toBe(attackerTicket.link);
    const stored = await messagesWith(victim.description);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.ticket_id).toBe(mine.ticket.id);

    // The victim's double click is the same submission: stored once, answered with the victim's link.
    const again = await postJson("/api/tickets", victim, { ip: victimIp });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Created).link).toBe(mine.link);
    expect(await messagesWith(victim.description)).toHaveLength(1);
    // ...and the attacker's retry still gets only the attacker's own ticket.
    const retry = await postJson("/api/tickets", viaHeader ? rest : attacker, {
      ip: attackerIp,
      ...(viaHeader ? { headers: { "Idempotency-Key": idempotencyKey } } : {}),
    });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as Created).link).toBe(attackerTicket.link);
    expect(await messagesWith(attacker.description)).toHaveLength(1);
  });

  it("keeps the same words with other files apart, and a multipart retry with the same files once", async () => {
    const victim = formPayload();
    const file = { name: `receipt-${crypto.randomUUID().slice(0, 6)}.png`, type: "image/png", data: PNG_1X1 };
    const other = { ...file, data: Uint8Array.from([...PNG_1X1, 0]) };
    const ip = uniqueIp();
    const a = await postMultipart("/api/tickets", victim, [other], { ip });
    expect(a.status).toBe(201);
    const b = await postMultipart("/api/tickets", victim, [file], { ip });
    expect(b.status).toBe(201);
    const c = await postMultipart("/api/tickets", victim, [file], { ip });
    expect(c.status).toBe(200);
    const [ta, tb, tc] = (await Promise.all([a.json(), b.json(), c.json()])) as Created[];
    expect(tb?.ticket.id).not.toBe(ta?.ticket.id);
    expect(tc?.ticket.id).toBe(tb?.ticket.id);
    expect(await messagesWith(victim.description)).toHaveLength(2);
  });

  it("many concurrent copies of one submission are stored once, however they are interleaved with a collision", async () => {
    const victim = formPayload();
    const attacker = attackerCopy(victim);
    const sends = [...Array.from({ length: 3 }, () => victim), ...Array.from({ length: 2 }, () => attacker)].sort(
      () => Math.random() - 0.5,
    );
    const ips = new Map([
      [victim, uniqueIp()],
      [attacker, uniqueIp()],
    ]);
    const responses = await Promise.all(sends.map((p) => postJson("/api/tickets", p, { ip: ips.get(p) })));
    for (const r of responses) expect([200, 201]).toContain(r.status);
    expect(await messagesWith(victim.description)).toHaveLength(1);
    expect(await messagesWith(attacker.description)).toHaveLength(1);
    const [v] = await messagesWith(victim.description);
    const [x] = await messagesWith(attacker.description);
    expect(v?.ticket_id).not.toBe(x?.ticket_id);
  });
});
