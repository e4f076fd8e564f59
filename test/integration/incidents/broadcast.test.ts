import { describe, expect, it } from "vitest";
import { relayMessage, snowflake } from "../channels/discord/builders";
import { fakeDiscord, postRelay, ticketIdsOf } from "../channels/discord/harness";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { api, unique, webformTicket } from "../requests";
import { count, settledOutbox, staffTicket, waitFor } from "../support";

interface BroadcastJson {
  id: string;
  messages: Array<{ ticketId: string; messageId: string }>;
}

async function broadcast(incidentId: string, body: unknown, key: string | null) {
  return api("POST", `/api/staff/incidents/${incidentId}/broadcasts`, {
    json: body,
    ...(key ? { headers: { "Idempotency-Key": key } } : {}),
  });
}

describe("incident broadcasts", { timeout: 30_000 }, () => {
  it("reach each tagged ticket through its own channel exactly once, even when the request is retried", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `ETH withdrawal stuck ${unique()}`, languageCode: "zh" }));
    const tg = (await latestTicketOfChat(chatId)).ticket;
    await waitForSent(chatId); // acknowledgement
    const userId = snowflake();
    await postRelay(relayMessage({ userId, content: `ETH withdrawal pending ${unique()}` }));
    const [dcId] = await ticketIdsOf(`discord:dm:${userId}`);
    const web = await webformTicket({ description: `ETH withdrawal missing ${unique()}` });
    const closed = await webformTicket();
    await api("PATCH", `/api/staff/tickets/${closed.id}`, { json: { status: "closed" } });

    const created = await api("POST", "/api/staff/incidents", {
      json: { title: "ETH withdrawals delayed", ticketIds: [tg.id, dcId, web.id, closed.id] },
    });
    expect(created.status).toBe(201);
    const { incident } = (await created.json()) as { incident: { id: string; ticketCount: number } };
    expect(incident.ticketCount).toBe(4);

    const text = `Update ${unique()}: ETH withdrawals are delayed by a node upgrade; funds are safe.`;
    const textZh = `更新 ${unique()}：ETH 提现因节点升级延迟，资金安全。`;
    const key = `bcast-${crypto.randomUUID()}`;
    const first = await broadcast(incident.id, { body: text, bodyZh: textZh }, key);
    expect(first.status).toBe(201);
    const sent = ((await first.json()) as { broadcast: BroadcastJson }).broadcast;
    expect(sent.messages.map((m) => m.ticketId).sort()).toEqual([tg.id, dcId, web.id].sort());

    // A retried request (same key) sends nothing new and answers with the same broadcast.
    const retry = await broadcast(incident.id, { body: text, bodyZh: textZh }, key);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { broadcast: BroadcastJson }).broadcast).toEqual(sent);

    // Telegram (a zh customer gets the zh text), once.
    const tgCalls = await waitFor(async () => {
      const calls = (await fakeTelegram.calls({ chatId, method: "sendMessage" })).filter(
        (c) => String(c.params.text) === textZh,
      );
      return calls.length ? calls : undefined;
    }, "the broadcast on Telegram");
    // Discord: a DM, once.
    const dm = await fakeDiscord.dmChannelOf(userId);
    const dcCalls = await waitFor(async () => {
      const calls = (await fakeDiscord.calls({ channelId: dm })).filter((c) => c.body?.content === text);
      return calls.length ? calls : undefined;
    }, "the broadcast on Discord");
    // Web form: shown on the ticket page (delivered = sent).
    await waitFor(async () => {
      const { messages } = await staffTicket(web.id);
      return messages.find((m) => m.body === text && m.delivery?.status === "sent");
    }, "the broadcast on the web form");

    // Every job of both requests consumed (the retry hands the same messages over again): each sent once.
    const rows = await settledOutbox({ bodies: [text, textZh] });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["sent", 1],
      ["sent", 1],
      ["sent", 1],
    ]);
    expect(
      (await fakeTelegram.calls({ chatId, method: "sendMessage" })).filter((c) => String(c.params.text) === textZh),
    ).toHaveLength(1);
    expect((await fakeDiscord.calls({ channelId: dm })).filter((c) => c.body?.content === text)).toHaveLength(1);
    expect(tgCalls).toHaveLength(1);
    expect(dcCalls).toHaveLength(1);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE body = ?1 OR body = ?2", text, textZh)).toBe(3);
    // The closed ticket is left alone.
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1 AND direction = 'out' AND author = 'staff'",
        closed.id,
      ),
    ).toBe(0);

    // A new key is a new broadcast.
    const second = await broadcast(incident.id, { body: `${text} (2)` }, `bcast-${crypto.randomUUID()}`);
    expect(second.status).toBe(201);
  });

  it("needs an idempotency key, a known incident and known tickets", async () => {
    const created = await api("POST", "/api/staff/incidents", { json: { title: "Login outage" } });
    const { incident } = (await created.json()) as { incident: { id: string } };
    const noKey = await broadcast(incident.id, { body: "hello" }, null);
    expect(noKey.status).toBe(400);
    expect(((await noKey.json()) as { error: { code: string } }).error.code).toBe("idempotency_key_required");
    expect((await broadcast("inc_doesnotexist", { body: "hello" }, "key-12345678")).status).toBe(404);
    expect((await broadcast(incident.id, { body: "" }, "key-12345678")).status).toBe(400);
    const tag = await api("POST", `/api/staff/incidents/${incident.id}/tickets`, { json: { ticketIds: ["tkt_nope"] } });
    expect(tag.status).toBe(400);
    // An incident without tickets broadcasts to no one.
    const empty = await broadcast(incident.id, { body: "hello" }, `k-${crypto.randomUUID()}`);
    expect(empty.status).toBe(201);
    expect(((await empty.json()) as { broadcast: BroadcastJson }).broadcast.messages).toEqual([]);
  });
});
