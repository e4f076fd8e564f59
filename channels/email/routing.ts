/** The Worker's `email()` handler: Cloudflare Email Routing hands us the raw message. */
import { normalizeEmail } from "../../src/core/email-claims";
import { AppError } from "../../src/core/errors";
import { emailRoutingAuth } from "./auth";
import { MAX_RAW_BYTES, parseRawEmail } from "./mime";
import { type ReceiveDeps, type ReceiveResult, receiveEmail } from "./receive";

/**
 * Parses and stores one routed email. Bad mail is rejected with a permanent SMTP error (the sender
 * gets a bounce); anything else that fails is thrown, so Email Routing answers with a temporary
 * error and the sending server tries again later: nothing is lost.
 * https://developers.cloudflare.com/email-routing/email-workers/runtime-api/
 */
export async function handleRoutedEmail(
  message: ForwardableEmailMessage,
  deps: ReceiveDeps,
): Promise<ReceiveResult | null> {
  if (message.rawSize > MAX_RAW_BYTES) {
    message.setReject("Message too large (limit 25 MiB)");
    return null;
  }
  const raw = new Uint8Array(await new Response(message.raw).arrayBuffer());
  try {
    const parsed = await parseRawEmail(raw, [message.to]);
    // The SMTP envelope sender is what Email Routing verified (SPF); the header From is what people see.
    if (!parsed.from && message.from) parsed.from = { address: normalizeEmail(message.from), name: "" };
    return await receiveEmail(deps, {
      source: "cloudflare",
      parsed,
      // Cloudflare's SPF/DKIM/DMARC verdicts are in the raw message it hands us (Authentication-Results).
      auth: emailRoutingAuth(parsed.from?.address ?? "", parsed.headers),
      original: { data: raw, contentType: "message/rfc822", extension: "eml" },
    });
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      message.setReject(err.message);
      return null;
    }
    throw err;
  }
}
