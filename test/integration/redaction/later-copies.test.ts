/**
 * A secret written under its label in one message and bare in a later one ("password: X", then "X still
 * fails"): the later copy goes too, on every channel, though the first was redacted before it was stored
 * (src/core/redact-prints.ts keeps its print). No row anywhere holds the value; another customer who sends
 * the same characters keeps them (prints are the conversation's own). Values are random, REDACT_SEED replays.
 */
import { describe, expect, it } from "vitest";
import type { Rng } from "../../support/secret-generator";
import { keys } from "../../support/secret-generator";
import { apiSecret, strongPassword } from "../../support/secret-values";
import { relayMessage, snowflake } from "../channels/discord/builders";
import { postRelay, ticketIdsOf } from "../channels/discord/harness";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { formPayload, postJson } from "../channels/webform/builders";
import { postmarkMessage } from "../reliability/channels-email";
import { d1RowsContaining, emailTicketOf, inboundRows, sendPostmark } from "./checks";
import { seeded } from "./cut-cases";

const r = seeded("redaction later copies");

/** A random secret a print is kept of (ten characters or more of many runs, an API secret, a hex key), labelled. */
function secret(rng: Rng): { value: string; labelled: string } {
  const make = rng.pick([
    () => {
      const p = strongPassword(rng);
      return { value: p, labelled: rng.pick([`my password: ${p}`, `登录密码：${p}`]) };
    },
    () => {
      const s = apiSecret(rng);
      return { value: s, labelled: `API secret: ${s}` };
    },
    () => {
      const k = keys.hex64(rng);
      return { value: k, labelled: `private key 0x${k}` };
    },
  ]);
  return make();
}
const later = (v: string) =>
  r.pick([`${v} still fails`, `I typed ${v}!`, `again: ${v}`, `再次输入${v}还是不行`, `"${v}" is it right?`]);

/** Both messages stored, both flagged, the value nowhere in D1. */
async function expectGone(ticketId: string, value: string) {
  const rows = await inboundRows(ticketId);
  expect(rows.length, JSON.stringify(rows)).toBeGreaterThanOrEqual(2);
  for (const row of rows.slice(-2)) {
    expect(row.body, `message ${row.id}`).toContain("[redacted:");
    expect(row.redacted).toBe(1);
  }
  expect(await d1RowsContaining([value])).toEqual([]);
}

describe("a secret's later bare copy (seed printed above)", { timeout: 60_000 }, () => {
  it("Telegram: goes in the later message; another chat sending the same characters keeps them", async () => {
    const s = secret(r);
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: s.labelled }));
    await deliverUpdate(telegramUpdate({ chatId, text: later(s.value) }));
    const { ticket } = await latestTicketOfChat(chatId);
    await expectGone(ticket.id, s.value);

    // Another customer's chat: no prints of its own, so the same characters, bare, are theirs to keep.
    const other = newChatId();
    const bare = `order note ${s.value} ok`;
    await deliverUpdate(telegramUpdate({ chatId: other, text: bare }));
    const theirs = await inboundRows((await latestTicketOfChat(other)).ticket.id);
    expect(theirs.map((x) => x.body)).toEqual([bare]);
  });

  it("Discord: goes in the later DM", async () => {
    const s = secret(r);
    const userId = snowflake();
    expect((await postRelay(relayMessage({ userId, content: s.labelled }))).status).toBe(200);
    expect((await postRelay(relayMessage({ userId, content: later(s.value) }))).status).toBe(200);
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    await expectGone(ticketId as string, s.value);
  });

  it("web form, then the ticket page's reply", async () => {
    const s = secret(r);
    const res = await postJson("/api/tickets", formPayload({ subject: "Login", description: s.labelled }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { ticket: { id: string }; link: string };
    const reply = await postJson(`${created.link}/replies`, { body: later(s.value) });
    expect(reply.status).toBe(201);
    await expectGone(created.ticket.id, s.value);
  });

  it("email: the reply repeats what the first mail gave under its label", async () => {
    const s = secret(r);
    const from = `c${Math.floor(r.next() * 1e9)}@customer.test`;
    await sendPostmark(
      postmarkMessage({ from, messageId: `<a${Date.now()}@customer.test>`, subject: "Locked out", text: s.labelled }),
    );
    const ticket = await emailTicketOf(from);
    await sendPostmark(
      postmarkMessage({
        from,
        messageId: `<b${Date.now()}@customer.test>`,
        subject: `Re: [RD-${ticket.number}] Locked out`,
        text: later(s.value),
      }),
    );
    await expectGone(ticket.id, s.value);
  });
});
