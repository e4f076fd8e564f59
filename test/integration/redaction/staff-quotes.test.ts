/**
 * Staff quoting a customer's secret: an agent writes into a note (or a reply) what the customer read
 * out on the phone or showed in a screenshot, a phrase or a key. It is stored, indexed, shown and sent
 * only as the marker, like the customer's own message. Secrets are random, REDACT_SEED=<seed> replays.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { messageDocRowid } from "../../../src/store/ticket-search";
import { keys } from "../../support/secret-generator";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, waitFor } from "../channels/telegram/harness";
import { api } from "../requests";
import { leaked } from "./checks";
import { phrase, seeded } from "./cut-cases";

const r = seeded("redaction staff quotes");
const NONE = new Set<string>();

describe("a staff note or reply quoting a customer's secret (seed printed above)", { timeout: 60_000 }, () => {
  it("is stored, indexed, shown and sent with the secret redacted", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "I was hacked, please help" }));
    const { ticket } = await latestTicketOfChat(chatId);
    for (const kind of ["notes", "replies"] as const) {
      const p = phrase(r);
      const key = r.pick([keys.hex64, keys.wif, keys.xprv])(r);
      const body = r.pick([
        `Customer read their recovery phrase out on the call:\n${p.text}\nand the private key ${key}`,
        `From the screenshot: ${p.words.map((w, i) => `${i + 1}. ${w}`).join(" ")}\nprivate key: ${key}`,
      ]);
      const res = await api("POST", `/api/staff/tickets/${ticket.id}/${kind}`, { json: { body } });
      expect(res.status).toBe(201);
      const { message } = (await res.json()) as { message: { id: string; body: string } };
      const row = await env.DB.prepare("SELECT body FROM messages WHERE id = ?1")
        .bind(message.id)
        .first<{ body: string }>();
      const indexed = await env.DB.prepare(
        `SELECT f.text FROM messages m JOIN search_fts f ON f.rowid = ${messageDocRowid("m")} WHERE m.id = ?1`,
      )
        .bind(message.id)
        .all<{ text: string }>();
      for (const [place, text] of [
        ["the API's answer", message.body],
        ["messages.body", row?.body ?? ""],
        ...indexed.results.map((x) => ["search_fts", x.text]),
      ] as Array<[string, string]>) {
        expect(leaked(text, p.words, NONE), `${kind}: ${place}: ${text}`).toEqual([]);
        expect(text.includes(key.slice(0, 16)), `${kind}: ${place} holds the key`).toBe(false);
      }
      if (kind === "replies") {
        const sent = await waitFor(async () => {
          const calls = await fakeTelegram.calls({ chatId, method: "sendMessage" });
          const out = calls.filter((c) => String(c.params.text).includes("[redacted"));
          return out.length ? out : undefined;
        }, "the reply sent");
        for (const c of sent) expect(leaked(String(c.params.text), p.words, NONE)).toEqual([]);
      }
    }
  });
});
