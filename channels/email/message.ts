/** What an inbound email becomes on a ticket: its new text (bounded), its attachments within the limits. */
import { sha256Hex } from "../../src/core/ids";
import type { InboundAttachment } from "../../src/core/inbound";
import { cutRedacted } from "../../src/core/redact-cut";
import { AUTO_REPLY_MARK, UNVERIFIED_SENDER_MARK } from "../../src/core/system-marks";
import type { Config } from "../../src/env";
import type { ParsedEmail } from "./mime";
import { stripQuotedText } from "./quotes";

/** Most of an email's text read for the message (quote stripping and what follows it); the original keeps all. */
export const MAX_TEXT_CHARS = 256 * 1024;
/** Longest message body stored from one email; the rest is named and stays in the original. */
export const MAX_MESSAGE_CHARS = 32_000;

/** The prefix of a message whose sender's address was not proven (SPF/DKIM/DMARC). */
export const UNVERIFIED_MARK = UNVERIFIED_SENDER_MARK;

/** The new text of an email, as staff see it: quotes and signature cut, bounded, with notes. */
export function messageTextOf(
  parsed: ParsedEmail,
  opts: { skipped: string[]; hasAttachments: boolean; autoReply: boolean; unverified: boolean; failedMark?: string },
): string {
  const visible = stripQuotedText(parsed.text.slice(0, MAX_TEXT_CHARS)).text;
  let text = visible || (opts.hasAttachments ? "" : "(empty email)");
  if (text.length > MAX_MESSAGE_CHARS) {
    // Cut on the redacted text: the first words of a secret the cut falls in would read as no secret alone.
    text = `${cutRedacted(text, MAX_MESSAGE_CHARS).text}\n\n[Truncated: ${text.length - MAX_MESSAGE_CHARS} more characters are in the original email]`;
  }
  if (opts.skipped.length) {
    text += `\n\n[Not attached (over the limits; kept in the original email): ${opts.skipped.join(", ")}]`;
  }
  if (opts.autoReply) text = `${AUTO_REPLY_MARK} ${text}`;
  if (opts.failedMark) text = `${opts.failedMark} ${text}`;
  if (opts.unverified) text = `${UNVERIFIED_MARK} ${text}`;
  return text.trim() || "(empty email)";
}

/** Attachments and inline images within the configured count and size; the names of the rest. */
export function withinLimits(
  parsed: ParsedEmail,
  config: Config,
): { attachments: InboundAttachment[]; skipped: string[] } {
  const attachments: InboundAttachment[] = [];
  const skipped: string[] = [];
  for (const a of parsed.attachments) {
    if (a.data.byteLength > config.attachmentMaxBytes || attachments.length >= config.attachmentMaxCount) {
      skipped.push(`${a.filename} (${a.data.byteLength} bytes)`);
      continue;
    }
    attachments.push({ filename: a.filename, contentType: a.contentType, data: a.data });
  }
  return { attachments, skipped };
}

/** An id for mail without a Message-ID: the hash of its original, so a redelivery dedupes. */
export async function syntheticMessageId(original: { data: Uint8Array | string }): Promise<string> {
  const data = typeof original.data === "string" ? original.data : new TextDecoder("latin1").decode(original.data);
  return `<no-id.${(await sha256Hex(data)).slice(0, 40)}@relaydesk.invalid>`;
}

/**
 * The conversation a new email ticket is keyed by: the thread's first Message-ID, scoped to the identity
 * that sent it. A Message-ID is the sender's to choose: two senders using the same one (someone copied in
 * who sent first) each get their own conversation, never each other's ticket.
 */
export async function emailConversationKey(identity: string, rootMessageId: string): Promise<string> {
  return `email:${rootMessageId}#${(await sha256Hex(identity)).slice(0, 16)}`;
}
