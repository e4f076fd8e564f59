/**
 * A Discord forward (message snapshot) carries a pointer to the original message, which lives in
 * another channel: possibly another customer's conversation. Relayed as a reply to that id, it linked
 * the forwarder's message to the other customer's message or our answer to them. Nothing of another
 * conversation may be linked, stored or shown through it: a forward is stored as the forwarder's own
 * text (redacted), and a quoted id counts only inside the sender's own conversation.
 * `ATTACK_SEED=<seed>` replays a run (the seed phrase is fresh each run and shown on failure).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { randomPhrase } from "../../support/phrases";
import { relayMessage } from "../channels/discord/builders";
import { postRelay, staffReply, staffTicket, ticketIdsOf, waitFor } from "../channels/discord/harness";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("discord-forward");
/** A snowflake from the seeded generator. */
const flake = () => String(BigInt(1_000_000_000_000_000) + BigInt(Math.floor(rnd.next() * 1e15)));

async function relay(body: Record<string, unknown>): Promise<void> {
  const res = await postRelay(body as ReturnType<typeof relayMessage>);
  expect(res.status, await res.clone().text()).toBe(200);
}

interface Row {
  id: string;
  ticket_id: string;
  body: string;
  reply_to_message_id: string | null;
}
const stored = (providerId: string) =>
  env.DB.prepare(
    "SELECT id, ticket_id, body, reply_to_message_id FROM messages WHERE channel = 'discord' AND provider_message_id = ?1 AND direction = 'in'",
  )
    .bind(providerId)
    .first<Row>();

describe("a Discord forward of another conversation's message", { timeout: 60_000 }, () => {
  it("links to nothing of the other conversation; its snapshot is the forwarder's own redacted text", async () => {
    // The victim's DM ticket: their message and our answer (both with Discord ids).
    const victim = flake();
    const victimMsgId = flake();
    const victimWords = `victim${rnd.word(12)}`;
    await relay(relayMessage({ userId: victim, id: victimMsgId, content: `my balance ${victimWords}` }));
    const victimTicket = await waitFor(async () => (await ticketIdsOf(`discord:dm:${victim}`))[0], "victim ticket");
    const answerWords = `answer${rnd.word(12)}`;
    const answer = await staffReply(victimTicket, `Your refund ${answerWords}`);
    const answerId = await waitFor(async () => {
      const m = (await staffTicket(victimTicket)).messages.find((x) => x.id === answer.id);
      // The receipt is `<channel>:<message>`; a forward points at the message id.
      return m?.delivery?.status === "sent" ? (m.delivery.providerMessageId?.split(":").at(-1) as string) : undefined;
    }, "answer sent");

    // The forwarder's own DM ticket.
    const forwarder = flake();
    const ownId = flake();
    await relay(relayMessage({ userId: forwarder, id: ownId, content: `hello ${rnd.word(8)}` }));

    const phrase = randomPhrase({ lang: "en" });
    const cases = [
      // An older relay: the forward's pointer as replyToId, no snapshot.
      { name: "pointer to the victim's message", replyToId: victimMsgId, forwarded: undefined },
      { name: "pointer to our answer to the victim", replyToId: answerId, forwarded: undefined },
      // This relay: the snapshot, and (from a hand-made body) a pointer too.
      {
        name: "snapshot with a seed phrase, and a pointer",
        replyToId: rnd.pick([victimMsgId, answerId]),
        forwarded: { content: `look ${phrase.text}`, attachments: [] },
      },
    ];
    for (const c of cases) {
      const id = flake();
      await relay({
        ...relayMessage({ userId: forwarder, id, content: c.forwarded ? "" : `fwd ${rnd.word(6)}` }),
        replyToId: c.replyToId,
        ...(c.forwarded ? { forwarded: c.forwarded } : {}),
      });
      const row = await stored(id);
      expect(row, c.name).not.toBeNull();
      expect(row?.reply_to_message_id, c.name).toBeNull();
      expect(row?.ticket_id, c.name).not.toBe(victimTicket);
      if (c.forwarded) {
        expect(row?.body, c.name).toContain("[Forwarded message]");
        expect(row?.body, `${c.name}: ${phrase.text}`).not.toContain(phrase.words.slice(0, 6).join(" "));
      }
      // Staff see nothing of the victim's conversation on the forwarder's ticket.
      const view = JSON.stringify(await staffTicket(row?.ticket_id as string));
      expect(view, c.name).not.toContain(victimWords);
      expect(view, c.name).not.toContain(answerWords);
    }

    // A reply inside the forwarder's own conversation still links.
    const replyId = flake();
    await relay({ ...relayMessage({ userId: forwarder, id: replyId, content: "as I said" }), replyToId: ownId });
    expect((await stored(replyId))?.reply_to_message_id).toBe((await stored(ownId))?.id);
  });
});
