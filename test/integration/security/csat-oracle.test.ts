/**
 * A rating button names a ticket id (`csat:<ticketId>:<n>`), and a client may send any id it knows: a Discord
 * thread's buttons show one to every member, a forwarded chat shows another. Refusing a rating of someone
 * else's ticket must say nothing about that ticket: not whether it exists, not the language its customer
 * writes in. The refusal reads the same as for an id that names no ticket at all.
 */
import { describe, expect, it } from "vitest";
import { type Created, formPayload, postJson } from "../channels/webform/builders";
import { newSession, postChat } from "../channels/webform/chat-helpers";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("csat-oracle");

describe("a rating action naming another customer's ticket", { timeout: 60_000 }, () => {
  it("is refused exactly as one naming no ticket, whatever that ticket's language", async () => {
    for (let round = 0; round < 3; round++) {
      const victimLang = rnd.pick(["zh", "en"] as const);
      const attackerLang = victimLang === "zh" ? "en" : "zh";
      const created = await postJson("/api/tickets", formPayload({ lang: victimLang }));
      expect(created.status).toBe(201);
      const victim = ((await created.json()) as Created).ticket.id;
      const missing = `tkt_${rnd.word(24)}`;

      const { token } = await newSession({ lang: attackerLang });
      const answer = async (ticketId: string) => {
        const res = await postChat(token, {
          clientId: `c${rnd.word(12)}`,
          action: `csat:${ticketId}:${1 + Math.floor(rnd.next() * 5)}`,
        });
        return { status: res.status, body: await res.text() };
      };
      const [theirs, none] = [await answer(victim), await answer(missing)];
      expect(theirs.status).toBe(403);
      expect(theirs, `round ${round}: victim writes ${victimLang}, attacker ${attackerLang}`).toEqual(none);
    }
  });
});
