/** Builds the raw MIME of one outgoing email (mimetext), threading headers included. */
import { createMimeMessage, Mailbox } from "mimetext/browser";
import { BOUNCE_TOKEN_HEADER } from "../bounce-token";

export interface MailAddress {
  address: string;
  name?: string | null;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface MailContent {
  from: MailAddress;
  to: MailAddress;
  /** Where replies go: our plus-address for the ticket. */
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@domain>`: ours, so replies and bounces find the message. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  attachments: MailAttachment[];
  /** Machine-sent (the bot's acknowledgement): RFC 3834 `Auto-Submitted: auto-replied`. */
  autoSubmitted: boolean;
  date?: Date;
  /** `X-Relaydesk-Bounce-Token` (channels/email/bounce-token.ts), when bounces are signed. */
  bounceToken?: string | null;
}

/** The References header stays well under the 998-character line limit: the root and the newest ids. */
const MAX_REFERENCES = 10;

/** base64 in 76-character lines, as MIME wants it. */
export function base64Lines(data: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return (btoa(binary).match(/.{1,76}/g) ?? []).join("\r\n");
}

function utf8Base64(text: string): string {
  return base64Lines(new TextEncoder().encode(text));
}

/** An RFC 2047 encoded-word for a non-ASCII filename (what Gmail and Outlook read). */
function headerSafeFilename(name: string): string {
  const clean = name.replace(/["\\\r\n]/g, "_");
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(clean)))}?=`;
}

/** Trims a References list to the thread root plus the newest ids. */
export function trimReferences(ids: string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length <= MAX_REFERENCES) return unique;
  return [unique[0] as string, ...unique.slice(-(MAX_REFERENCES - 1))];
}

/** The raw RFC 5322 message (CRLF line ends), text and HTML alternatives, attachments. */
export function composeMime(c: MailContent): string {
  const msg = createMimeMessage();
  msg.setSender(c.from.name ? { addr: c.from.address, name: c.from.name } : { addr: c.from.address });
  msg.setTo(c.to.name ? { addr: c.to.address, name: c.to.name } : { addr: c.to.address });
  msg.setHeader("Reply-To", new Mailbox({ addr: c.replyTo }, { type: "To" }));
  msg.setHeader("Message-ID", c.messageId);
  if (c.date) msg.setHeader("Date", c.date.toUTCString().replace(/GMT|UTC/i, "+0000"));
  msg.setSubject(c.subject);
  if (c.inReplyTo) msg.setHeader("In-Reply-To", c.inReplyTo);
  const refs = trimReferences(c.references);
  if (refs.length) msg.setHeader("References", refs.join(" "));
  if (c.autoSubmitted) msg.setHeader("Auto-Submitted", "auto-replied");
  if (c.bounceToken) msg.setHeader(BOUNCE_TOKEN_HEADER, c.bounceToken);
  // Asks Exchange and others not to answer us with their own auto-replies.
  msg.setHeader("X-Auto-Response-Suppress", "All");
  msg.addMessage({ contentType: "text/plain", data: utf8Base64(c.text), encoding: "base64" });
  msg.addMessage({ contentType: "text/html", data: utf8Base64(c.html), encoding: "base64" });
  for (const a of c.attachments) {
    msg.addAttachment({
      filename: headerSafeFilename(a.filename),
      contentType: a.contentType,
      data: base64Lines(a.data),
    });
  }
  return msg.asRaw();
}
