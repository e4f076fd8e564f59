/**
 * Mailgun's event webhook (`POST /webhooks/email/mailgun/events`): with `EMAIL_SENDER = "mailgun"`
 * Mailgun is the envelope sender, so delivery reports go to Mailgun and never reach our inbound
 * doors; its signed `failed` event is how we learn that a reply bounced. The signature is the proof
 * (the same key and check as the inbound route): a permanent failure marks the message it names
 * failed, when its recipient is the address that message was sent to (a Message-ID is no secret, and
 * one Message-ID may go to more than one address); everything else Mailgun reports is acknowledged
 * and ignored.
 * https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/webhook-payloads
 */
import * as z from "zod";
import { AuthenticationError, ValidationError } from "../../../src/core/errors";
import { redactSecrets } from "../../../src/core/redact";
import { cutRedacted } from "../../../src/core/redact-cut";
import type { Config } from "../../../src/env";
import { MAILGUN_MAX_AGE_SECONDS, verifyMailgunSignature } from "./mailgun";

/** What a signed event asks of us. */
export type MailgunEvent =
  | {
      kind: "failed";
      messageIdHeader: string;
      /** The address the event is about, as Mailgun wrote it ("" when it names none); the store folds it to compare. */
      recipient: string;
      reason: string;
      /** The signature's token, used once (the replay guard), and until when it needs remembering. */
      token: string;
      replayExpiresAt: string;
    }
  | { kind: "ignored"; event: string };

const Signature = z.object({ timestamp: z.string(), token: z.string(), signature: z.string() });

// Mailgun adds fields over time; only what we read is checked (and bounded).
const EventData = z.object({
  event: z.string().max(64),
  severity: z.string().max(64).optional(),
  reason: z.string().max(200).optional(),
  recipient: z.string().max(512).optional(),
  message: z.object({ headers: z.object({ "message-id": z.string().max(998).optional() }).optional() }).optional(),
  "delivery-status": z
    .object({
      code: z.union([z.number(), z.string()]).optional(),
      message: z.string().optional(),
      description: z.string().optional(),
    })
    .optional(),
});

/** A staff-facing reason, short and on one line. */
function reasonOf(data: z.infer<typeof EventData>): string {
  const status = data["delivery-status"];
  const said = (status?.description || status?.message || data.reason || "").replace(/\s+/g, " ").trim();
  const code = status?.code ? `${status.code} ` : "";
  // Stored and shown to staff: the receiving server's wording is the customer's to write, so it is redacted,
  // cut on the redacted text (a secret the cut falls in leaves no piece).
  const shown = redactSecrets(cutRedacted(`${code}${said}`.trim(), 300).text).text;
  return `Mailgun: delivery failed permanently${shown ? ` (${shown})` : ""}`;
}

/** Verifies a Mailgun event post (401 otherwise), then reads what it asks. 400 for a signed post we cannot read. */
export async function readMailgunEvent(req: Request, config: Config, now: Date): Promise<MailgunEvent> {
  if (!config.mailgunSigningKey) throw new AuthenticationError("Mailgun webhooks are not configured");
  // The signature is inside the JSON body, so the body is parsed first; nothing else is read before it holds.
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AuthenticationError("The Mailgun signature is missing");
  }
  const sig = Signature.safeParse((body as { signature?: unknown } | null)?.signature);
  if (!sig.success) throw new AuthenticationError("The Mailgun signature is missing or malformed");
  await verifyMailgunSignature(config, sig.data, now);

  const data = EventData.safeParse((body as { "event-data"?: unknown })["event-data"]);
  if (!data.success) throw new ValidationError("event-data is not a Mailgun event");
  const ev = data.data;
  // A temporary failure is retried by Mailgun itself; only a permanent one means the reply never arrives.
  if (ev.event !== "failed" || ev.severity !== "permanent") return { kind: "ignored", event: ev.event };
  const id = (ev.message?.headers?.["message-id"] ?? "").trim().replace(/^<|>$/g, "");
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(id)) throw new ValidationError("The failed event names no Message-ID");
  const replayExpiresAt = new Date((Number(sig.data.timestamp) + MAILGUN_MAX_AGE_SECONDS + 60) * 1000).toISOString();
  return {
    kind: "failed",
    messageIdHeader: `<${id}>`,
    recipient: ev.recipient ?? "",
    reason: reasonOf(ev),
    token: sig.data.token,
    replayExpiresAt,
  };
}
