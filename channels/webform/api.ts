/** POST /api/tickets: a validated submission becomes one ticket, however often it is sent. */
import type { Context } from "hono";
import { ConflictError } from "../../src/core/errors";
import { newId, newSecret } from "../../src/core/ids";
import { conversationKey, type InboundMessage } from "../../src/core/inbound";
import { ingestInbound } from "../../src/pipeline/ingest";
import { ticketBelongsToSender } from "../../src/store/customer";
import { validate } from "../../src/validation";
import { acceptAttachments } from "./attachments";
import { parseLanguage } from "./i18n";
import { pageHeaders, renderThanksPage } from "./layout";
import { idempotencyKeyOf, readFormBody, wantsHtml } from "./request";
import { requestLanguage, type WebformEnv } from "./respond";
import { TicketSubmission } from "./schemas";
import { requireTurnstile, requireTurnstileConfigured } from "./turnstile";

/** What an API client gets for a new (201) or repeated (200) submission. */
export interface TicketCreatedBody {
  ticket: { number: string; id: string };
  /** The customer's secret ticket page, relative. */
  link: string;
  /** The same page, absolute. */
  url: string;
}

/** Handles one submission; the gate (content type, size, rate limit) has already run. */
export async function submitTicket(c: Context<WebformEnv>): Promise<Response> {
  const config = c.get("config");
  const { fields, files } = await readFormBody(c);
  // Known before validation so that an error page speaks the form's language.
  const pageLang = parseLanguage(typeof fields.lang === "string" ? fields.lang : undefined);
  if (pageLang) c.set("lang", pageLang);
  // Production without a bot check takes nothing, however well-formed (503 before any validation).
  requireTurnstileConfigured(config);
  const input = validate(TicketSubmission, { ...fields, idempotencyKey: idempotencyKeyOf(c, fields) });
  const html = wantsHtml(c);

  // Bots fill the field people never see: tell them it worked and keep nothing.
  if (input.website) return pretendSuccess(c, html);

  await requireTurnstile(config, input["cf-turnstile-response"], c.req.header("CF-Connecting-IP"));
  const attachments = await acceptAttachments(files, {
    maxCount: config.attachmentMaxCount,
    maxBytes: config.attachmentMaxBytes,
  });

  const key = input.idempotencyKey ?? crypto.randomUUID();
  const externalId = input.email.toLowerCase();
  const metadata: Record<string, string> = {};
  if (input.uid) metadata.uid = input.uid;
  if (input.txid) metadata.txid = input.txid;
  const msg: InboundMessage = {
    channel: "webform",
    providerMessageId: key,
    conversationKey: conversationKey("webform", key),
    sender: { externalId, displayName: input.name, email: input.email },
    subject: input.subject,
    text: input.description,
    language: input.lang,
    category: input.category,
    attachments,
    sentAt: new Date(),
    ...(Object.keys(metadata).length ? { metadata } : {}),
  };
  const result = await ingestInbound({ env: c.env, config, waitUntil: (p) => c.executionCtx.waitUntil(p) }, msg);
  // A repeated key only answers with the ticket link to the person who opened it.
  if (
    result.outcome === "duplicate" &&
    !(await ticketBelongsToSender(c.env.DB, { ticketId: result.ticketId, channel: "webform", externalId }))
  ) {
    throw new ConflictError("idempotency_key_reused", "This idempotency key was already used for another request");
  }

  const link = `/t/${result.accessToken}`;
  if (html) return c.redirect(`${link}?created=1`, 303);
  const body: TicketCreatedBody = {
    ticket: { number: result.ticketNumber, id: result.ticketId },
    link,
    url: absoluteUrl(c, link),
  };
  return c.json(body, result.outcome === "duplicate" ? 200 : 201);
}

/** What a bot that filled the honeypot sees: a plausible success, and nothing stored. */
function pretendSuccess(c: Context<WebformEnv>, html: boolean): Response {
  if (html) return c.html(renderThanksPage(requestLanguage(c)), 200, { ...pageHeaders(), "Cache-Control": "no-store" });
  const link = `/t/${newSecret(24)}`;
  const body: TicketCreatedBody = {
    ticket: {
      number: `RD-${1000 + ((crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % 90_000)}`,
      id: newId("tkt"),
    },
    link,
    url: absoluteUrl(c, link),
  };
  return c.json(body, 200);
}

/** `link` under the configured public URL, or under the origin the request came to. */
export function absoluteUrl(c: Context<WebformEnv>, link: string): string {
  const base = c.get("config").publicUrl || new URL(c.req.url).origin;
  return `${base.replace(/\/+$/, "")}${link}`;
}
