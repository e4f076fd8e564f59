// The Telegram loop over real HTTP: wrangler dev + the fake Bot API on 127.0.0.1.
// customer update -> ticket -> acknowledgement at the fake -> staff reply -> message at the fake.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import { eventually, printOutputOnFailure, type RunningWorker, startTelegramWorker } from "./wrangler";

const TOKEN = "555000111:E2E-fake-telegram-token";
const SECRET = "e2e-telegram-webhook-secret";

let fake: FakeTelegram;
let worker: RunningWorker;

beforeAll(async () => {
  ({ fake, worker } = await startTelegramWorker({ token: TOKEN, secret: SECRET }));
});
afterAll(async () => {
  await worker?.stop();
  await fake?.close();
});
printOutputOnFailure(() => worker);

function staff(path: string, init: RequestInit = {}) {
  return fetch(`${worker.url}/api/staff${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${worker.bootstrapToken}`, "Content-Type": "application/json", ...init.headers },
  });
}

function postUpdate(update: unknown, secret = SECRET) {
  return fetch(`${worker.url}/webhooks/telegram`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
    body: JSON.stringify(update),
  });
}

describe("Telegram on wrangler dev", () => {
  it("rejects a wrong secret with 401", async () => {
    const res = await postUpdate({ update_id: 1 }, "wrong");
    expect(res.status).toBe(401);
  });

  it("customer message -> ticket -> acknowledgement -> staff reply -> message at the fake Telegram", async () => {
    const chatId = 7_000_000_000 + Math.floor(Math.random() * 1e6);
    const text = `Withdrawal stuck ${crypto.randomUUID().slice(0, 8)}`;
    const update = {
      update_id: 100_000 + Math.floor(Math.random() * 1e6),
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private", first_name: "Lin" },
        from: { id: chatId, is_bot: false, first_name: "Lin", language_code: "en" },
        text,
      },
    };
    const res = await postUpdate(update);
    expect(res.status).toBe(200);

    const ack = await eventually(async () => fake.calls({ chatId, method: "sendMessage" })[0], "acknowledgement");
    const list = await eventually(async () => {
      const r = await staff(`/tickets?channel=telegram&q=${encodeURIComponent(text)}`);
      const body = (await r.json()) as { tickets: Array<{ id: string; number: string; subject: string }> };
      return body.tickets.length ? body.tickets : undefined;
    }, "ticket in the staff list");
    const ticket = list[0];
    expect(ticket?.subject).toBe(text);
    expect(String(ack.params.text)).toContain(ticket?.number);

    const reply = await staff(`/tickets/${ticket?.id}/replies`, {
      method: "POST",
      body: JSON.stringify({ body: "We are on it: the withdrawal is being re-broadcast." }),
    });
    expect(reply.status).toBe(201);
    const sent = await eventually(
      async () =>
        fake
          .calls({ chatId, method: "sendMessage" })
          .find((c) => c.params.text === "We are on it: the withdrawal is being re-broadcast."),
      "staff reply at the fake Telegram",
    );
    expect(sent.params.chat_id).toBe(chatId);
  });

  it("a pasted seed phrase: only the marker is stored, listed and logged; the safety warning reaches the chat", async () => {
    const chatId = 7_100_000_000 + Math.floor(Math.random() * 1e6);
    // A valid 12-word BIP-39 mnemonic (a published test vector).
    const phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    const res = await postUpdate({
      update_id: 200_000 + Math.floor(Math.random() * 1e6),
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private", first_name: "Wei" },
        from: { id: chatId, is_bot: false, first_name: "Wei", language_code: "en" },
        text: `The support agent asked me for my recovery words: ${phrase}`,
      },
    });
    expect(res.status).toBe(200);

    const warning = await eventually(
      async () =>
        fake.calls({ chatId, method: "sendMessage" }).find((c) => String(c.params.text).includes("compromised")),
      "safety warning at the fake Telegram",
    );
    expect(String(warning.params.text)).not.toContain("sausage");
    const list = await eventually(async () => {
      const r = await staff("/tickets?channel=telegram&q=recovery%20words");
      const body = (await r.json()) as { tickets: Array<{ id: string; contact: { name: string | null } }> };
      return body.tickets.find((t) => t.contact.name === "Wei");
    }, "ticket in the staff list");
    const detail = await (await staff(`/tickets/${list.id}`)).text();
    expect(detail).toContain("[redacted: seed phrase]");
    expect(detail).not.toContain("sausage");
    expect(worker.output()).not.toContain("sausage");
  });
});
