/** Where composed emails go: one interface, two senders (Mailgun's HTTP API, Cloudflare's send_email binding). */
import { PermanentError, RetryableError } from "../../../src/core/errors";

export interface OutgoingMail {
  /** Envelope sender and recipient. */
  from: string;
  to: string;
  /** The whole RFC 5322 message. */
  raw: string;
  /** Our `<id@domain>`; the receipt of a successful send. */
  messageId: string;
}

export interface MailSender {
  readonly name: "mailgun" | "cloudflare";
  /** Sends; throws RetryableError or PermanentError. Returns the provider's id. */
  send(mail: OutgoingMail): Promise<string>;
}

export interface MailgunOptions {
  /** `https://api.mailgun.net` (or the EU root); tests point it at a fake. */
  apiRoot: string;
  /** The sending domain configured in Mailgun. */
  domain: string;
  apiKey: string;
  timeoutMs?: number;
}

/**
 * Mailgun's `messages.mime` endpoint takes our MIME as it is, so Message-ID and threading headers
 * survive. https://documentation.mailgun.com/docs/mailgun/api-reference/openapi-final/tag/Messages/
 */
export function mailgunSender(opts: MailgunOptions): MailSender {
  return {
    name: "mailgun",
    async send(mail) {
      const form = new FormData();
      form.append("to", mail.to);
      form.append("message", new File([mail.raw], "message.mime", { type: "message/rfc822" }));
      let res: Response;
      try {
        res = await fetch(`${opts.apiRoot}/v3/${encodeURIComponent(opts.domain)}/messages.mime`, {
          method: "POST",
          headers: { Authorization: `Basic ${btoa(`api:${opts.apiKey}`)}` },
          body: form,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
        });
      } catch {
        throw new RetryableError("Could not reach Mailgun (network error)");
      }
      const body = await res.text();
      if (res.ok) {
        try {
          return (JSON.parse(body) as { id?: string }).id ?? mail.messageId;
        } catch {
          return mail.messageId;
        }
      }
      const detail = body.slice(0, 200).replace(/\s+/g, " ");
      if (res.status === 429) {
        const seconds = Number(res.headers.get("Retry-After") ?? "");
        return Promise.reject(
          new RetryableError(
            "Mailgun rate limit",
            Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined,
          ),
        );
      }
      if (res.status >= 500) throw new RetryableError(`Mailgun server error (${res.status})`);
      if (res.status === 401 || res.status === 403)
        throw new PermanentError("Mailgun rejected the API key (check MAILGUN_API_KEY)");
      throw new PermanentError(`Mailgun rejected the email (${res.status}: ${detail})`);
    },
  };
}
