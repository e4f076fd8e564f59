/**
 * The words of a web-form submission are no secret: a templated client sends the same subject and text
 * for everyone, and a predictable client's idempotency key can be guessed. Someone who knows the whole
 * submission (address, subject, text, key) must still never get the customer's `/t/` link, neither by
 * replaying it after the customer nor by sending it first and letting the customer's copy land in their
 * ticket. Only the customer's own repeat (same network) within the replay window gets the link back. The network
 * is the one the per-IP limits count (src/core/client-network.ts): an IPv6 client's /64, however it spells its
 * address, and an IPv4-mapped address as its IPv4 one.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { clientNetwork } from "../../../src/core/client-network";
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
      while (clientNetwork(attackerIp) === clientNetwork(victimIp)) attackerIp = networkAddress();
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

  it("takes a retry from another address of the customer's /64 (or its IPv4 spelt mapped) as the same submission", async () => {
    const group = () => Math.floor(rnd.next() * 0x10000);
    /** A group as a client may spell it: any case, with or without leading zeros. */
    const spell = (g: number) => {
      const h = g.toString(16).padStart(1 + Math.floor(rnd.next() * 4), "0");
      return rnd.next() < 0.5 ? h.toUpperCase() : h;
    };
    for (let round = 0; round < 4; round++) {
      const v6 = rnd.next() < 0.6;
      const prefix = [0x2001, 0xdb8, group(), group()];
      const inside = () => [...prefix, group(), group(), group(), group()].map(spell).join(":");
      const v4 = `198.51.${Math.floor(rnd.next() * 256)}.${1 + Math.floor(rnd.next() * 254)}`;
      const first = v6 ? inside() : v4;
      let retry = v6 ? inside() : `${rnd.pick(["::ffff:", "::FFFF:", "0:0:0:0:0:ffff:"])}${v4}`;
      while (retry === first) retry = inside();
      const p = templatedSubmission();
      const mine = await send(p, first);
      expect(mine.status, `round ${round}: ${first}`).toBe(201);
      const created = (await mine.json()) as Created;
      const again = await send(p, retry);
      expect(again.status, `round ${round}: ${first} then ${retry}`).toBe(200);
      expect(((await again.json()) as Created).link).toBe(created.link);
      expect(await ticketsWith(p.description)).toEqual([created.ticket.id]);

      // The next /64 over (or another IPv4 address) is another network: its own ticket, never the link.
      const [a, b, c, d] = prefix as [number, number, number, number];
      const elsewhere = v6
        ? [a, b, c, (d + 1 + Math.floor(rnd.next() * 0xfffe)) % 0x10000, group(), group(), group(), group()]
            .map(spell)
            .join(":")
        : `198.51.${Math.floor(rnd.next() * 256)}.${255 - Number(v4.split(".")[3])}`;
      const other = await send(p, elsewhere);
      const text = await other.text();
      expect(other.status, `round ${round}: ${first} then ${elsewhere}`).toBe(201);
      expect(text).not.toContain(created.link.slice(3));
      expect(await ticketsWith(p.description)).toHaveLength(2);
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
