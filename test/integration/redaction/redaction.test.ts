/**
 * A customer pastes a secret: on Telegram and on the web form, D1, R2, the staff API and the
 * staff feed only ever hold the marker, and the safety warning goes out through the same channel.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import secrets from "../../fixtures/corpus/secrets.json";
import { newChatId, photoUpdate, telegramUpdate, update } from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { formPayload, get, postJson, postMultipart } from "../channels/webform/builders";
import { api, connectFeed } from "../requests";
import { messageRows, staffTicket, waitFor } from "../support";
import { d1RowsContaining } from "./checks";

// A valid 12-word English mnemonic (BIP-39 test vector) and a numbered Chinese one from the corpus.
const PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow";
const ZH = secrets.find((s) => s.lang === "zh" && s.secrets.length === 12 && s.text.includes("1. ")) as {
  text: string;
  secrets: string[];
};
const MARKER = "[redacted: seed phrase]";

describe("secret redaction through the channels", () => {
  it("Telegram: a pasted seed phrase is stored, shown and streamed only as the marker; the safety reply goes back to the chat", async () => {
    const feed = await connectFeed();
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `Support asked me for this, is it ok?\n${PHRASE}` }));

    const { ticket, messages } = await latestTicketOfChat(chatId);
    const inbound = messages.find((m) => m.direction === "in");
    expect(inbound?.body).toBe(`Support asked me for this, is it ok?\n${MARKER}`);
    expect(ticket.subject).not.toContain("winner");
    const rows = await messageRows(ticket.id);
    expect(rows.find((r) => r.direction === "in")?.redacted).toBe(1);

    // The safety warning and the acknowledgement both reach the chat through the fake Bot API.
    const sent = await waitForSent(chatId, 2);
    const texts = sent.map((c) => String(c.params.text));
    expect(texts.some((t) => t.includes("Treat that wallet or account as compromised"))).toBe(true);
    expect(texts.some((t) => t.includes("will never ask for your password"))).toBe(true);
    expect(texts.join("\n")).not.toContain("sausage");

    // Nowhere in D1, not in the staff API, not on the staff feed.
    expect(await d1RowsContaining(["legal winner thank", "sausage worth useful"])).toEqual([]);
    const staff = await api("GET", `/api/staff/tickets/${ticket.id}`);
    const staffText = await staff.text();
    expect(staffText).toContain(MARKER);
    expect(staffText).not.toContain("sausage");
    await waitFor(async () => (feed.events.some((e) => e.includes(ticket.id)) ? true : undefined), "feed event");
    expect(feed.events.join("\n")).not.toContain("sausage");
    feed.ws.close();
  });

  it("Telegram: an edit that adds a private key and a photo caption with a 2FA code are redacted too", async () => {
    const chatId = newChatId();
    const first = telegramUpdate({ chatId, text: "I need help with my wallet" });
    await deliverUpdate(first);
    await waitForSent(chatId, 1);
    const msg = first.message as { message_id: number; chat: { id: number } };
    const key = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ";
    await deliverUpdate(
      update("edited_message", {
        ...msg,
        edit_date: Math.floor(Date.now() / 1000),
        text: `I need help with my wallet, private key ${key}`,
      }),
    );
    const { ticket } = await latestTicketOfChat(chatId);
    const edited = await waitFor(async () => {
      const rows = await messageRows(ticket.id);
      const m = rows.find((r) => r.direction === "in");
      return m?.body.includes("[redacted") ? m : undefined;
    }, "edited body");
    expect(edited.body).toBe("I need help with my wallet, private key [redacted: private key]");
    expect(edited.redacted).toBe(1);
    const sent = await waitForSent(chatId, 2);
    expect(sent.map((c) => String(c.params.text)).some((t) => t.includes("compromised"))).toBe(true);

    const photo = photoUpdate({ chatId, caption: "screenshot, 2FA code: 482913" });
    await deliverUpdate(photo);
    const caption = await waitFor(async () => {
      const rows = await messageRows(ticket.id);
      return rows.find((r) => r.body.startsWith("screenshot"));
    }, "photo message");
    expect(caption.body).toBe("screenshot, 2FA code: [redacted: 2FA code]");
    expect(await d1RowsContaining([key, "482913"])).toEqual([]);
    await fakeTelegram.calls({ chatId });
  });

  it("web form: a numbered Chinese phrase in the description and a password in the subject never reach D1 or R2; the ticket page shows the warning", async () => {
    const p = formPayload({
      lang: "zh",
      category: "security",
      subject: "登录不了 密码是Qq123456!",
      description: ZH.text,
    });
    const res = await postMultipart("/api/tickets", { ...p }, [
      { name: "密码是Zz998877.txt", type: "text/plain", data: "no secret inside" },
    ]);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { ticket: { id: string }; link: string };
    const { ticket, messages } = await staffTicket(created.ticket.id);
    expect(ticket.subject).toBe("登录不了 密码是[redacted: password]");
    const inbound = messages.find((m) => m.direction === "in");
    expect(inbound?.body).toContain(MARKER);
    expect(inbound?.attachments[0]?.filename).toBe("密码是[redacted: password].txt");
    // The middle words of the phrase (the first and last may be ordinary characters around it).
    const middle = ZH.secrets.slice(3, 9);
    expect(inbound?.body.includes(middle.map((w, i) => `${i + 4}. ${w}`).join("\n"))).toBe(false);
    expect(await d1RowsContaining(["Qq123456", "Zz998877"])).toEqual([]);
    const objects = await env.ATTACHMENTS.list({ prefix: "attachments/webform/" });
    expect(objects.objects.map((o) => o.key).filter((k) => k.includes("Zz998877"))).toEqual([]);

    // Ticket priority is raised (a leaked secret is urgent business) and the bot warned, in Chinese.
    expect(["high", "urgent"]).toContain(ticket.priority);
    const bot = messages.filter((m) => m.author === "bot").map((m) => m.body);
    expect(bot.some((b) => b.includes("请将该钱包或账户视为已泄露"))).toBe(true);
    // The web form delivers by showing: the customer's page carries the warning, and the marker, not the words.
    const page = await (await get(created.link)).text();
    expect(page).toContain("请将该钱包或账户视为已泄露");
    expect(page).toContain(MARKER);
    expect(page).not.toContain("Qq123456");
  });

  it("look-alikes pass untouched: a TxID and an address are stored as sent, with no warning", async () => {
    const tx = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16";
    const text = `withdrawal pending, txid ${tx}, to 0x52908400098527886E0F7030069857D2E4169EE7`;
    const res = await postJson("/api/tickets", formPayload({ description: text }));
    const created = (await res.json()) as { ticket: { id: string } };
    const rows = await messageRows(created.ticket.id);
    expect(rows.find((r) => r.direction === "in")).toMatchObject({ body: text, redacted: 0 });
    expect(rows.filter((r) => r.author === "bot").some((r) => r.body.includes("compromised"))).toBe(false);
  });
});
