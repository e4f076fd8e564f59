/**
 * What the relay sends to the Worker: one gateway message as JSON (channels/discord/schemas.ts
 * RelayMessageSchema), signed with HMAC-SHA256 over `<unix seconds>.<body>`.
 */
import { createHmac } from "node:crypto";

/** Tries per message; the Worker dedupes by message id, so a retry after a lost answer is harmless. */
const ATTEMPTS = 4;
const TIMEOUT_MS = 10_000;

/**
 * The relay payload for a discord.js Message, or null when it is not for us: bots (our own
 * replies included), webhooks and system messages are skipped, and only DMs and thread
 * messages are forwarded (the Worker keeps those of threads where a ticket started).
 * @param {import("discord.js").Message} message
 */
export function payloadOf(message) {
  if (message.author?.bot || message.webhookId || message.system) return null;
  const kind = message.guildId ? (message.channel?.isThread?.() ? "thread" : null) : "dm";
  if (!kind) return null;
  // A forward (reference type 1) points at a message in another channel: only its snapshot (text and
  // files) is sent, as the customer's own, never the pointer.
  const forward =
    message.reference?.type === FORWARD ? ([...(message.messageSnapshots?.values() ?? [])][0] ?? null) : null;
  return {
    id: message.id,
    channelId: message.channelId,
    kind,
    guildId: message.guildId ?? null,
    author: { id: message.author.id, username: message.author.username, globalName: message.author.globalName ?? null },
    content: message.content ?? "",
    timestamp: new Date(message.createdTimestamp).toISOString(),
    attachments: filesOf(message.attachments),
    replyToId: message.reference && !forward ? (message.reference.messageId ?? null) : null,
    ...(message.reference?.type === FORWARD
      ? { forwarded: { content: forward?.content ?? "", attachments: filesOf(forward?.attachments) } }
      : {}),
  };
}

/** Discord's MessageReferenceType.Forward. https://discord.com/developers/docs/resources/message#message-reference-types */
const FORWARD = 1;

/** @param {import("discord.js").Collection<string, import("discord.js").Attachment> | undefined} attachments */
function filesOf(attachments) {
  return [...(attachments?.values() ?? [])].slice(0, 10).map((a) => ({
    id: a.id,
    filename: a.name,
    url: a.url,
    size: a.size,
    contentType: a.contentType ?? null,
  }));
}

/** Headers for a body: `X-Relay-Timestamp` (unix seconds) and `X-Relay-Signature` (hex HMAC-SHA256). */
export function signedHeaders(secret, body, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return { "Content-Type": "application/json", "X-Relay-Timestamp": timestamp, "X-Relay-Signature": signature };
}

/**
 * POSTs a payload to `<workerUrl>/webhooks/discord/relay`, re-signing each try. Network errors
 * and 5xx are retried with backoff; a 4xx is the Worker refusing it (logged, dropped).
 * @returns {Promise<boolean>} whether the Worker accepted it
 */
export async function forward({ workerUrl, secret, payload, log = console, sleep = defaultSleep }) {
  const body = JSON.stringify(payload);
  const url = `${workerUrl.replace(/\/+$/, "")}/webhooks/discord/relay`;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: signedHeaders(secret, body),
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (res.ok) return true;
      if (res.status < 500) {
        log.error(`relay: the Worker refused message ${payload.id}: ${res.status} ${await res.text()}`);
        return false;
      }
      log.warn(`relay: the Worker answered ${res.status} for message ${payload.id} (try ${attempt})`);
    } catch (err) {
      log.warn(`relay: could not reach the Worker for message ${payload.id} (try ${attempt}): ${err?.message ?? err}`);
    }
    if (attempt < ATTEMPTS) await sleep(500 * 2 ** attempt);
  }
  log.error(`relay: gave up on message ${payload.id}`);
  return false;
}

function defaultSleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
