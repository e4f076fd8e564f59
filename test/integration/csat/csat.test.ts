import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { button, relayMessage, snowflake } from "../channels/discord/builders";
import { fakeDiscord, postInteraction, postRelay, ticketIdsOf } from "../channels/discord/harness";
import { callbackUpdate, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { api, BASE, botMessages, emailTicket, resolveTicket, unique, uniqueIp, webformTicket } from "../requests";
import { count, settledOutbox, staffTicket, waitFor } from "../support";

interface CsatJson {
  rating: number | null;
  ratedVia: string | null;
}

async function csatOf(ticketId: string): Promise<CsatJson | null> {
  const { ticket } = (await staffTicket(ticketId)) as unknown as { ticket: { csat: CsatJson | null } };
  return ticket.csat;
}

async function answerOf(queryId: string) {
  return waitFor(async () => {
    const calls = await fakeTelegram.calls({ method: "answerCallbackQuery" });
    return calls.find((c) => c.params.callback_query_id === queryId);
  }, "answerCallbackQuery");
}

describe("CSAT through Telegram", () => {
  it("resolving asks with 1-5 buttons; the customer's press is stored, a later one replaces it", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `Deposit missing ${unique()}` }));
    const { ticket } = await latestTicketOfChat(chatId);
    await waitForSent(chatId); // acknowledgement
    expect((await resolveTicket(ticket.id)).status).toBe(200);

    const sent = await waitForSent(chatId, 2);
    const question = sent[1]?.params;
    expect(String(question?.text)).toContain(`Your ticket ${ticket.number} is resolved`);
    const keyboard = question?.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> };
    expect(keyboard.inline_keyboard.flat().map((b) => b.callback_data)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `csat:${ticket.id}:${n}`),
    );
    expect(await csatOf(ticket.id)).toMatchObject({ rating: null });

    const press = callbackUpdate({ chatId, data: `csat:${ticket.id}:4` });
    await deliverUpdate(press);
    expect((await answerOf((press.callback_query as { id: string }).id)).params.text).toBe(
      "Thank you for your rating: 4/5!",
    );
    expect(await csatOf(ticket.id)).toMatchObject({ rating: 4, ratedVia: "telegram" });

    // One rating per ticket: a second press updates it.
    const again = callbackUpdate({ chatId, data: `csat:${ticket.id}:2` });
    await deliverUpdate(again);
    expect((await answerOf((again.callback_query as { id: string }).id)).params.text).toContain(
      "updated your rating to 2",
    );
    expect(await csatOf(ticket.id)).toMatchObject({ rating: 2 });
    expect(await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1", ticket.id)).toBe(1);
  });

  it("someone else's press is refused and changes nothing", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `KYC rejected ${unique()}` }));
    const { ticket } = await latestTicketOfChat(chatId);
    await resolveTicket(ticket.id);
    await waitForSent(chatId, 2);
    const stranger = newChatId();
    const press = callbackUpdate({ chatId: stranger, data: `csat:${ticket.id}:1` });
    await deliverUpdate(press);
    expect((await answerOf((press.callback_query as { id: string }).id)).params.text).toBe(
      "This rating is no longer open.",
    );
    expect(await csatOf(ticket.id)).toMatchObject({ rating: null });
  });

  it("asks once per ticket, even when it is resolved again", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `Login fails ${unique()}` }));
    const { ticket } = await latestTicketOfChat(chatId);
    await resolveTicket(ticket.id);
    await api("PATCH", `/api/staff/tickets/${ticket.id}`, { json: { status: "open" } });
    await resolveTicket(ticket.id);
    await waitForSent(chatId, 2);
    // The queue has decided every message of the chat: one question stored, sent once.
    const out = await settledOutbox({ conversationKey: `telegram:${chatId}` });
    expect(out.filter((m) => m.body.includes("How did we do?")).map((m) => [m.status, m.attempts])).toEqual([
      ["sent", 1],
    ]);
    const questions = (await fakeTelegram.calls({ chatId, method: "sendMessage" })).filter((c) =>
      String(c.params.text).includes("How did we do?"),
    );
    expect(questions).toHaveLength(1);
  });
});

describe("CSAT through Discord", () => {
  it("the question carries 1-5 buttons; the customer's button press is stored", async () => {
    const userId = snowflake();
    expect((await postRelay(relayMessage({ userId, content: `Withdrawal pending ${unique()}` }))).status).toBe(200);
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    if (!ticketId) throw new Error("no ticket");
    await resolveTicket(ticketId);
    const dm = await fakeDiscord.dmChannelOf(userId);
    const question = await waitFor(async () => {
      const calls = await fakeDiscord.calls({ channelId: dm });
      return calls.find((c) => String(c.body?.content ?? "").includes("How did we do?"));
    }, "the CSAT question on Discord");
    const rows = question.body?.components as Array<{ components: Array<{ custom_id: string }> }>;
    expect(rows[0]?.components.map((b) => b.custom_id)).toEqual([1, 2, 3, 4, 5].map((n) => `csat:${ticketId}:${n}`));

    const res = await postInteraction(button(`csat:${ticketId}:5`, { userId }));
    const body = (await res.json()) as { type: number; data: { content: string; flags: number } };
    expect(body.data.content).toContain("Thank you for your rating: 5/5!");
    expect(await csatOf(ticketId)).toMatchObject({ rating: 5, ratedVia: "discord" });

    const stranger = await postInteraction(button(`csat:${ticketId}:1`, { userId: snowflake() }));
    expect(((await stranger.json()) as { data: { content: string } }).data.content).toContain("no longer open");
    expect(await csatOf(ticketId)).toMatchObject({ rating: 5 });
  });
});

describe("CSAT on the /t/ page (web form and email link)", () => {
  it("the question links to the page; a rating posted there is stored and shown", async () => {
    const t = await webformTicket();
    await resolveTicket(t.id);
    const bots = await botMessages(t.id, 2);
    expect(bots[1]?.body).toContain(`/t/${t.token}#csat`);

    const page = await (await exports.default.fetch(`${BASE}${t.link}`)).text();
    expect(page).toContain(`action="/t/${t.token}/csat"`);

    const form = await exports.default.fetch(`${BASE}/t/${t.token}/csat`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": uniqueIp() },
      body: "rating=3",
      redirect: "manual",
    });
    expect(form.status).toBe(303);
    expect(form.headers.get("Location")).toBe(`/t/${t.token}?rated=3#csat`);
    expect(form.headers.get("Cache-Control")).toBe("no-store");
    expect(await csatOf(t.id)).toMatchObject({ rating: 3, ratedVia: "webpage" });
    const shown = await (await exports.default.fetch(`${BASE}${t.link}`)).text();
    expect(shown).toContain('data-rating="3"');
  });

  it("refuses a bad rating, an unknown link, and a ticket never asked", async () => {
    const t = await webformTicket();
    const post = (token: string, rating: unknown) =>
      exports.default.fetch(`${BASE}/t/${token}/csat`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ rating }),
      });
    expect((await post(t.token, 9)).status).toBe(400);
    expect((await post("x".repeat(32), 4)).status).toBe(404);
    const notAsked = await post(t.token, 4);
    expect(notAsked.status).toBe(409);
    expect(await csatOf(t.id)).toBeNull();
  });
});

describe("CSAT by email", { timeout: 30_000 }, () => {
  it("resolving an email ticket mails a link to rate it on the /t/ page", async () => {
    const carol = `${unique("c")}@customer.test`;
    const ticketId = await emailTicket(carol, `KYC rejected ${unique()}`, "Why was my KYC rejected?");
    expect((await resolveTicket(ticketId)).status).toBe(200);
    const question = await waitFor(async () => {
      const { messages } = await staffTicket(ticketId);
      const q = messages.find((m) => m.author === "bot" && m.body.includes("#csat"));
      return q?.delivery?.status === "sent" ? q : undefined;
    }, "the CSAT question sent by email");
    expect(question.body).toMatch(/\/t\/[A-Za-z0-9_-]{20,}#csat/);
  });
});
