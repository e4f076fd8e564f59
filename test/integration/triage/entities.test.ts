/** Triage on new tickets and later messages; TxIDs and addresses as ticket entities, linked tickets, staff search. */
import { describe, expect, it } from "vitest";
import samples from "../../fixtures/corpus/samples.json";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { formPayload, postJson } from "../channels/webform/builders";
import { api } from "../requests";
import { staffTicket, waitFor } from "../support";

interface IntelJson {
  ticket: { id: string; number: string; category: string; priority: string };
  entities: Array<{ kind: string; value: string; chain: string | null; messageId: string }>;
  linkedTickets: Array<{ id: string; number: string; shared: Array<{ kind: string; value: string }> }>;
}

async function intelOf(id: string): Promise<IntelJson> {
  const res = await api("GET", `/api/staff/tickets/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as IntelJson;
}

/** A fresh 64-hex TxID, so tests sharing storage never link to each other's tickets. */
function freshTxid(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("entities, linking and search", () => {
  it("a stuck withdrawal with a TxID is triaged high; a second ticket with the same TxID is linked; staff find both by TxID", async () => {
    const tx = freshTxid();
    const res = await postJson(
      "/api/tickets",
      formPayload({
        category: "other",
        subject: "Withdrawal not arrived",
        description: `I withdrew 250 USDT to ${samples.tron} 6 hours ago, still pending. TxID ${tx}. UID 28193456`,
      }),
    );
    expect(res.status).toBe(201);
    const a = ((await res.json()) as { ticket: { id: string } }).ticket.id;
    const first = await intelOf(a);
    expect(first.ticket).toMatchObject({ category: "withdrawal", priority: "high" });
    expect(first.entities.map((e) => [e.kind, e.value])).toEqual([
      ["amount", "250 USDT"],
      ["address", samples.tron],
      ["txid", tx],
      ["uid", "28193456"],
    ]);
    expect(first.linkedTickets).toEqual([]);

    // The same TxID in upper case on Telegram, from someone else: a separate ticket, linked by the TxID.
    const chatId = newChatId();
    await deliverUpdate(
      telegramUpdate({ chatId, text: `Deposit missing! tx ${tx.toUpperCase()} from ${samples.eth}` }),
    );
    const { ticket: b } = await latestTicketOfChat(chatId);
    const second = await intelOf(b.id);
    expect(second.ticket.category).toBe("deposit");
    expect(second.entities.map((e) => e.kind)).toEqual(["txid", "address"]);
    expect(second.entities[1]).toMatchObject({ value: samples.eth.toLowerCase(), chain: "evm" });
    expect(second.linkedTickets).toEqual([expect.objectContaining({ id: a, shared: [{ kind: "txid", value: tx }] })]);
    expect((await intelOf(a)).linkedTickets.map((t) => t.id)).toEqual([b.id]);

    // Staff search by the exact TxID (any case) finds both tickets.
    const found = await api("GET", `/api/staff/tickets?q=${tx.toUpperCase()}`);
    expect(found.status).toBe(200);
    const ids = ((await found.json()) as { tickets: Array<{ id: string }> }).tickets.map((t) => t.id);
    expect(ids.sort()).toEqual([a, b.id].sort());
    // An address works too.
    const byAddress = await api("GET", `/api/staff/tickets?q=${samples.tron}`);
    expect(((await byAddress.json()) as { tickets: Array<{ id: string }> }).tickets.map((t) => t.id)).toContain(a);
  });

  it("a later message can raise the priority and fill in an 'other' category, never lower them", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "hello?" }));
    const { ticket } = await latestTicketOfChat(chatId);
    expect(ticket).toMatchObject({ category: "other", priority: "normal" });
    await deliverUpdate(telegramUpdate({ chatId, text: "my account was hacked and someone withdrew all my BTC" }));
    const raised = await waitFor(async () => {
      const t = (await staffTicket(ticket.id)).ticket;
      return t.priority === "urgent" ? t : undefined;
    }, "urgent");
    expect(raised.category).toBe("security");
    await deliverUpdate(telegramUpdate({ chatId, text: "also, where can I see the trading fee?" }));
    await waitFor(async () => ((await staffTicket(ticket.id)).messages.length >= 4 ? true : undefined), "3rd message");
    expect((await staffTicket(ticket.id)).ticket).toMatchObject({ category: "security", priority: "urgent" });
  });

  it("Chinese messages are triaged in Chinese: a stolen account is urgent", async () => {
    const res = await postJson(
      "/api/tickets",
      formPayload({
        lang: "zh",
        category: "other",
        subject: "账号被盗",
        description: "我的账户被盗了，所有USDT被提走了",
      }),
    );
    const id = ((await res.json()) as { ticket: { id: string } }).ticket.id;
    expect((await staffTicket(id)).ticket).toMatchObject({ category: "security", priority: "urgent", language: "zh" });
  });
});
