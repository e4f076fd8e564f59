/**
 * The words of a web-form submission are no secret: a templated client sends the same subject and text
 * for everyone, and a predictable client's idempotency key can be guessed. Someone who knows the whole
 * submission (address, subject, text, key) must still never get the customer's `/t/` link, neither by
 * replaying it after the customer nor by sending it first and letting the customer's copy land in their
 * ticket. Only the customer's own repeat (same network) within the replay window gets the link back.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Created, formPayload, postJson } from "../channels/webform/builders";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("idempotency-replay");

/** A random address of the documentation ranges, v4 or v6 (never a real host: only a header value). */
function networkAddress(): string {
  return rnd.next() < 0.5
    ? `198.51.${Math.floor(rnd.next() * 256)}.${1 + Math.floor(rnd.next() * 254)}`
    : `2001:db8:${rnd.word(4).replace(/[^0-9a-f]/g, "a")}::${Math.floor(rnd.next() * 65535).toString(16)}`;
}

/** A client whose keys and words are predictable: what any other user of it can reproduce. */
function templatedSubmission() {
  const id = Math.floor(rnd.next() * 1e9);
  return formPayload({
    subject: rnd.pick(["Withdrawal pending", "Deposit missing", "提现未到账"]),
    description: `Order ${id} is stuck ${rnd.word(6)}`,
    idempotencyKey: rnd.pick([`order-${id}`, `${id}0000`, `ticket_${id}_${rnd.word(3)}`]),
  });
}

/** Sends `p` with its key in the body or in the Idempotency-Key header, at random. */
function send(p: ReturnType<typeof formPayload>, ip: string) {
  if (rnd.next() < 0.5) return postJson("/api/tickets", p, { ip });
  const { idempotencyKey, ...rest } = p;
  return postJson("/api/tickets", rest, { ip, headers: { "Idempotency-Key": idempotencyKey } });
}

async function ticketsWith(description: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT DISTINCT ticket_id FROM messages WHERE direction = 'in' AND body = ?1 ORDER BY ticket_id",
  )
    .bind(description)
    .all<{ ticket_id: string }>();
  return results.map((r) => r.ticket_id);
}

describe("a whole web-form submission replayed by someone else", { timeout: 60_000 }, () => {
  it("never answers with the customer's link, after the customer or before", async () => {
    for (let round = 0; round < 3; round++) {
      const victim = templatedSubmission();
      const victimIp = networkAddress();
      // Another network than the customer's (a random draw can repeat theirs, which is their own repeat).
      let attackerIp = networkAddress();
      while (attackerIp === victimIp) attackerIp = networkAddress();
      const attackerFirst = rnd.next() < 0.5;

      const early = attackerFirst ? await send(victim, attackerIp) : null;
      const mine = await send(victim, victimIp);
      expect(mine.status, `round ${round} (attacker first: ${attackerFirst})`).toBe(201);
      const created = (await mine.json()) as Created;
      const token = created.link.slice(3);
      // The customer's own double click from the same network is the same submission.
      const again = await send(victim, victimIp);
      expect(again.status).toBe(200);
      expect(((await again.json()) as Created).link).toBe(created.link);

      const late = attackerFirst ? null : await send(victim, attackerIp);
      for (const res of [early, late]) {
        if (!res) continue;
        const text = await res.text();
        expect(res.status).toBe(201);
        expect(text).not.toContain(token);
        expect((JSON.parse(text) as Created).ticket.id).not.toBe(created.ticket.id);
      }
      // Two tickets with the same words, one each: the customer's holds only the customer's copy.
      const tickets = await ticketsWith(victim.description);
      expect(tickets).toHaveLength(2);
      expect(tickets).toContain(created.ticket.id);
    }
  });

  it("answers a repeat from the customer's own network with 409 and no link once the window has passed", async () => {
    const victim = templatedSubmission();
    const ip = networkAddress();
    const first = await send(victim, ip);
    expect(first.status).toBe(201);
    const created = (await first.json()) as Created;
    const minutesAgo = 16 + Math.floor(rnd.next() * 60 * 24 * 30);
    await env.DB.prepare("UPDATE messages SET created_at = ?2 WHERE ticket_id = ?1")
      .bind(created.ticket.id, new Date(Date.now() - minutesAgo * 60_000).toISOString())
      .run();
    const replay = await send(victim, ip);
    const text = await replay.text();
    expect(replay.status, `${minutesAgo} minutes later`).toBe(409);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "idempotency_key_reused" } });
    expect(text).not.toContain(created.link.slice(3));
    expect(await ticketsWith(victim.description)).toEqual([created.ticket.id]);
  });
});
