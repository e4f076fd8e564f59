/** POST /webhooks/discord/relay: DMs and ticket-thread messages the gateway relay forwards, HMAC-signed. */
import type { Hono } from "hono";
import { AuthenticationError } from "../../src/core/errors";
import { FORWARDED_MARK } from "../../src/core/system-marks";
import type { AppEnv } from "../../src/env";
import { webhookBodyLimit } from "../../src/http";
import { discordSettings, dmConversation, threadConversation } from "./config";
import { MAX_BODY_BYTES, parseJsonBytes, readBody } from "./interactions";
import { type RelayMessage, RelayMessageSchema } from "./schemas";
import { RELAY_SIGNATURE_HEADER, RELAY_TIMESTAMP_HEADER, verifyRelay } from "./verify";

/** Mounts the relay endpoint. Order: HMAC and age (401) -> body (400) -> ingest (deduped by message id) -> 200. */
export function discordRelayRoutes(app: Hono<AppEnv>): void {
  app.post("/webhooks/discord/relay", webhookBodyLimit(MAX_BODY_BYTES), async (c) => {
    const settings = discordSettings(c.get("config"));
    const body = await readBody(c.req.raw);
    const ok = await verifyRelay({
      secret: settings.relaySecret,
      signature: c.req.header(RELAY_SIGNATURE_HEADER),
      timestamp: c.req.header(RELAY_TIMESTAMP_HEADER),
      body,
      now: new Date(),
    });
    if (!ok) throw new AuthenticationError("The relay signature is missing, stale or wrong");
    const m = parseJsonBytes(body, RelayMessageSchema, "a relayed Discord message");

    const conversationKey = m.kind === "dm" ? dmConversation(m.author.id) : threadConversation(m.channelId);
    // The relay sees every thread the bot can read; only those where a ticket started are support.
    if (m.kind === "thread" && !(await c.get("desk").discord.conversationHasTicket(conversationKey))) {
      return c.json({ ok: true, ignored: true });
    }
    const result = await c.get("desk").ingest({
      channel: "discord",
      providerMessageId: m.id,
      conversationKey,
      sender: { externalId: m.author.id, displayName: m.author.globalName || m.author.username },
      text: textOf(m),
      attachments: [],
      sentAt: new Date(m.timestamp),
      // A forward's pointer leads into another conversation: a forward quotes nothing, it is the customer's own text.
      ...(m.replyToId && !m.forwarded ? { replyToProviderMessageId: m.replyToId } : {}),
      // Everyone in a server thread reads what the bot answers there.
      ...(m.kind === "thread" ? { sharedConversation: true } : {}),
    });
    return c.json({ ok: true, outcome: result.outcome, ticketNumber: result.ticketNumber });
  });
}

/**
 * The text, with attachments as `[attachment: name (url)]` lines: Discord's CDN links are
 * signed and expire, so staff see what was sent without the Worker downloading it.
 */
function textOf(m: RelayMessage): string {
  const files = (list: RelayMessage["attachments"]) =>
    list.map((a) => `[attachment: ${a.filename} (${readableUrl(a.url)})]`);
  const forwarded = m.forwarded ? [FORWARDED_MARK, m.forwarded.content.trim(), ...files(m.forwarded.attachments)] : [];
  return [m.content.trim(), ...files(m.attachments), ...forwarded].filter(Boolean).join("\n") || "[empty message]";
}

/**
 * A CDN link with its path percent-decoded (spaces kept encoded, so it stays one token): the link ends in the
 * file's name, and a name written in Chinese is all `%E9%AB%98` escapes, which redaction reads as no words
 * at all. Decoded, the name in the link is redacted as the name itself is.
 */
function readableUrl(url: string): string {
  try {
    return decodeURI(url).replace(/\s/g, (c) => encodeURIComponent(c));
  } catch {
    return url;
  }
}
