/** The webhook call, the fake Bot API the Worker talks to, and the staff API views tests check. */
import { env, exports } from "cloudflare:workers";
import type { FailRule, RecordedCall } from "../../../fakes/telegram-bot-api";
import { fetchSettled, staffTicket, waitFor } from "../../support";

export {
  count,
  type MessageJson,
  settledOutbox,
  staffReply,
  staffTicket,
  type TicketJson,
  waitFor,
} from "../../support";

export const SECRET = env.TELEGRAM_WEBHOOK_SECRET;
export const TOKEN = env.TELEGRAM_BOT_TOKEN;

/**
 * POSTs a body to the webhook as Telegram would (secret header unless `secret: null`). `settled`:
 * also wait for everything the update left to `waitUntil` (the bot's own texts), so what it did not
 * send can be asserted.
 */
export function postUpdate(
  body: unknown,
  opts: { secret?: string | null; raw?: string; settled?: boolean } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const secret = opts.secret === undefined ? SECRET : opts.secret;
  if (secret !== null) headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
  const init = { method: "POST", headers, body: opts.raw ?? JSON.stringify(body) };
  const url = "http://relaydesk.test/webhooks/telegram";
  return opts.settled ? fetchSettled(url, init) : exports.default.fetch(url, init);
}

/** Posts and expects 200 (`settled`: see postUpdate). */
export async function deliverUpdate(body: unknown, opts: { settled?: boolean } = {}): Promise<void> {
  const res = await postUpdate(body, opts);
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

/** A call the fake Bot API recorded (its own type). */
export type FakeCall = RecordedCall;

/** The fake Bot API, through its control endpoints. */
export const fakeTelegram = {
  async calls(filter: { chatId?: number; method?: string } = {}): Promise<FakeCall[]> {
    const q = new URLSearchParams();
    if (filter.chatId !== undefined) q.set("chat_id", String(filter.chatId));
    if (filter.method) q.set("method", filter.method);
    const res = await fetch(`${env.TELEGRAM_API_ROOT}/__calls?${q}`);
    return ((await res.json()) as { calls: FakeCall[] }).calls;
  },
  async fail(rule: FailRule) {
    await fetch(`${env.TELEGRAM_API_ROOT}/__control/fail`, { method: "POST", body: JSON.stringify(rule) });
  },
  async addFile(fileId: string, content: Uint8Array, reportedSize?: number) {
    let binary = "";
    for (const b of content) binary += String.fromCharCode(b);
    await fetch(`${env.TELEGRAM_API_ROOT}/__control/file`, {
      method: "POST",
      body: JSON.stringify({ file_id: fileId, content_base64: btoa(binary), file_size: reportedSize }),
    });
  },
};

/** Waits until the fake has seen `n` successful calls of `method` for the chat. */
export function waitForSent(chatId: number, n = 1, method = "sendMessage"): Promise<FakeCall[]> {
  return waitFor(async () => {
    const calls = (await fakeTelegram.calls({ chatId, method })).filter((c) => !c.failedWith);
    return calls.length >= n ? calls : undefined;
  }, `${n} ${method} to ${chatId}`);
}

/** All tickets of a Telegram chat, newest first. */
export async function ticketIdsOfChat(chatId: number): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT id FROM tickets WHERE conversation_key = ?1 ORDER BY created_at DESC, number DESC",
  )
    .bind(`telegram:${chatId}`)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** The chat's newest ticket with its messages; fails when the chat has none. */
export async function latestTicketOfChat(chatId: number) {
  const [id] = await ticketIdsOfChat(chatId);
  if (!id) throw new Error(`no ticket for chat ${chatId}`);
  return staffTicket(id);
}
