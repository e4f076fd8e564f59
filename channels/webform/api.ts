/** POST /api/tickets: a validated submission becomes one ticket, however often it is sent. */
import type { Context } from "hono";
import { newClaimId } from "../../src/core/email-claims";
import { newId, newSecret } from "../../src/core/ids";
import { conversationKey, type InboundMessage } from "../../src/core/inbound";
import { check } from "../../src/web/validate";
import { acceptAttachments } from "./attachments";
import { parseLanguage } from "./i18n";
import { renderThanksPage, showPage } from "./layout";
import { idempotencyKeyOf, readFormBody, wantsHtml } from "./request";
import { requestLanguage, type WebformEnv } from "./respond";
import { TicketSubmission } from "./schemas";
import { scopedSubmissionKey } from "./submission-key";
import { requireTurnstile, requireTurnstileConfigured } from "./turnstile";

/** What an API client gets for a new (201) or repeated (200) submission. */
export interface TicketCreatedBody {
  ticket: { number: string; id: string };
  /** The customer's secret ticket page, relative. */
  link: string;
  /** The same page, absolute. */
  url: string;
  /**
   * The typed address is a claim until its owner follows the link we mail to it: until then
   * answers appear only on the ticket page, and nothing else is mailed there.
   */
  email: { verified: boolean; confirmationSent: boolean };
}

/** Handles one submission; the gate (content type, size, rate limit) has already run. */
export async function submitTicket(c: Context<WebformEnv>) {
  const config = c.get("config");
  const { fields, files } = await readFormBody(c);
  // Known before validation so that an error page speaks the form's language.
  const pageLang = parseLanguage(typeof fields.lang === "string" ? fields.lang : undefined);
  if (pageLang) c.set("lang", pageLang);
  // Production without a bot check takes nothing, however well-formed (503 before any validation).
  requireTurnstileConfigured(config);
  const input = check(TicketSubmission, { ...fields, idempotencyKey: idempotencyKeyOf(c, fields) });
  const html = wantsHtml(c);

  // Bots fill the field people never see: tell them it worked and keep nothing.
  if (input.website) return pretendSuccess(c, html);

  await requireTurnstile(config, input["cf-turnstile-response"], c.req.header("CF-Connecting-IP"));
  const attachments = await acceptAttachments(files, {
    maxCount: config.attachmentMaxCount,
    maxBytes: config.attachmentMaxBytes,
  });

  // A client's key dedupes only its own submission (submission-key.ts): another sender's is stored on its own.
  const key = input.idempotencyKey
    ? await scopedSubmissionKey(input.idempotencyKey, {
        email: input.email,
        subject: input.subject,
        description: input.description,
        attachments,
        client: c.req.header("CF-Connecting-IP") ?? "",
      })
    : crypto.randomUUID();
  // The typed address proves nothing: the submission gets its own identity (a claim), never the
  // address's, so it joins no one's contact until the address is confirmed (/verify-email).
  const externalId = newClaimId();
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
    // Its link is in this request's answer: no page can be open on the conversation before it.
    unwatched: true,
    ...(Object.keys(metadata).length ? { metadata } : {}),
  };
  // A repeated submission only answers with the ticket link to the person who opened it (409 otherwise).
  const result = await c.get("desk").webform.submit(msg, {
    claimedEmail: input.email,
    linkBase: absoluteUrl(c, ""),
  });

  const link = `/t/${result.accessToken}`;
  if (html) return c.redirect(`${link}?created=1`, 303);
  const body: TicketCreatedBody = {
    ticket: { number: result.ticketNumber, id: result.conversationTicketId },
    link,
    url: absoluteUrl(c, link),
    email: { verified: result.emailVerified, confirmationSent: result.confirmationSent },
  };
  return c.json(body, result.outcome === "duplicate" ? 200 : 201);
}

/** What a bot that filled the honeypot sees: a plausible success, and nothing stored. */
function pretendSuccess(c: Context<WebformEnv>, html: boolean) {
  if (html) return showPage(c, requestLanguage(c), renderThanksPage(requestLanguage(c)));
  const link = `/t/${newSecret(24)}`;
  const body: TicketCreatedBody = {
    ticket: {
      number: `RD-${1000 + ((crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % 90_000)}`,
      id: newId("tkt"),
    },
    link,
    url: absoluteUrl(c, link),
    email: { verified: false, confirmationSent: true },
  };
  return c.json(body, 200);
}

/** `link` under the configured public URL, or under the origin the request came to. */
export function absoluteUrl(c: Context<WebformEnv>, link: string): string {
  const base = c.get("config").publicUrl || new URL(c.req.url).origin;
  return `${base.replace(/\/+$/, "")}${link}`;
}
