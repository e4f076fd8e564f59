/**
 * Bounce tokens: every email we send on a ticket carries `X-Relaydesk-Bounce-Token: <message id>.<mac>`,
 * mac = HMAC-SHA256(EMAIL_BOUNCE_SECRET, message id and recipient). Delivery reports (RFC 3464) return
 * the original's headers, so a real report about that email carries the token. A report counts only
 * when its returned headers hold a token whose mac is right for its Final-Recipient: a Message-ID
 * someone saw in a forward, a Cc or a quote proves nothing. (A per-message envelope sender, VERP, is
 * not possible here: Cloudflare's send_email refuses an envelope sender other than the From address,
 * and Mailgun uses its own.) See docs/channels/email.md ("Bounces").
 */
import { normalizeEmail } from "../../src/core/email-claims";
import { hmacSha256Hex } from "../../src/core/ids";

/** The header our email carries the token in. */
export const BOUNCE_TOKEN_HEADER = "X-Relaydesk-Bounce-Token";
/** 80 bits of the HMAC, in lowercase hex. */
const MAC_HEX = 20;
const MESSAGE_ID = /^msg_[a-z0-9]{8,40}$/;
const TOKEN_LINE = /^x-relaydesk-bounce-token[ \t]*:[ \t]*(msg_[a-z0-9]{8,40})\.([0-9a-f]{20})[ \t]*$/gim;

function macOf(secret: string, messageId: string, recipient: string): Promise<string> {
  // Folded as addresses are compared (ASCII letters only): toLowerCase() would make `\u212Aate@x` the token's `kate@x`.
  const data = `relaydesk-bounce\n${messageId}\n${normalizeEmail(recipient)}`;
  return hmacSha256Hex(secret, data).then((hex) => hex.slice(0, MAC_HEX));
}

/** The token of message `messageId` to `recipient`; null without a secret (then no report can prove itself). */
export async function bounceTokenFor(secret: string, messageId: string, recipient: string): Promise<string | null> {
  if (!secret || !MESSAGE_ID.test(messageId)) return null;
  return `${messageId}.${await macOf(secret, messageId, recipient)}`;
}

/** Constant-time comparison of two equal-length hex strings. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The outbound message a report proves it is about: a token in the returned headers (`originalHeaders`,
 * folded lines joined) whose mac holds for `finalRecipient`. Null when nothing proves it (no secret,
 * no token, a wrong mac, another recipient's).
 */
export async function provenBounceOf(
  secret: string,
  originalHeaders: string,
  finalRecipient: string,
): Promise<{ messageId: string } | null> {
  if (!secret || !finalRecipient) return null;
  const unfolded = originalHeaders.replace(/\r?\n[ \t]+/g, " ");
  // A handful at most: a report returns one message's headers.
  for (const m of [...unfolded.matchAll(TOKEN_LINE)].slice(0, 4)) {
    const messageId = (m[1] as string).toLowerCase();
    if (sameHex(await macOf(secret, messageId, finalRecipient), (m[2] as string).toLowerCase())) return { messageId };
  }
  return null;
}
