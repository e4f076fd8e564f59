/** GET /t/:token: the customer's own view of their ticket, and the form to add to it. */
import type { Language } from "../../src/core/inbound";
import type { Message, Ticket } from "../../src/core/ticket";
import { FILE_INPUT_ACCEPT } from "./attachments";
import { claimTexts } from "./email-claim-texts";
import { t } from "./i18n";
import type { WebformPage } from "./layout";

export interface CustomerPageProps {
  lang: Language;
  token: string;
  ticket: Ticket;
  /** Oldest first, notes already left out by the store. */
  messages: Message[];
  /** Just opened through the form: say so, with the number. */
  created: boolean;
  /** A fresh key per render, so a resubmitted reply is stored once. */
  idempotencyKey: string;
  /** The satisfaction survey, once the ticket was resolved (src/store/csat.ts). */
  csat?: { rating: number | null } | null;
  /** A new confirmation link was just sent (`?confirmation=sent`). */
  confirmationSent?: boolean;
  /** The live-updates script (src/widget/client/ticket-live.ts): new replies show without a reload. */
  liveScriptUrl?: string;
}

/** The live script and the texts it labels new messages with (JSON, `<` escaped so nothing closes the element). */
function liveHead(p: CustomerPageProps) {
  if (!p.liveScriptUrl) return null;
  const tx = t(p.lang);
  const boot = JSON.stringify({ authors: tx.authors, attachmentsOf: tx.attachmentsOf }).replace(/</g, "\\u003c");
  return (
    <>
      <script type="application/json" id="rd-live-boot" dangerouslySetInnerHTML={{ __html: boot }} />
      <script src={p.liveScriptUrl} defer />
    </>
  );
}

/** While the address the customer typed is unproven: say where answers are, and offer a new link. */
function claimNotice(p: CustomerPageProps, base: string) {
  const { contact } = p.ticket;
  const claimed = contact.identities.some((i) => i.channel === "webform" && !i.verified);
  if (!claimed || !contact.email || contact.emailVerified) return null;
  const tx = claimTexts(p.lang);
  return (
    <section class="notice warn" id="email-claim">
      <p>
        <strong>{tx.pendingTitle}</strong>
      </p>
      <p>{tx.pendingText(contact.email)}</p>
      {p.confirmationSent ? <p role="status">{tx.resent}</p> : null}
      <form method="post" action={`${base}/verify-email`}>
        <button type="submit" class="secondary">
          {tx.resend}
        </button>
      </form>
    </section>
  );
}

const CSAT_TEXT = {
  en: {
    title: "How did we do?",
    ask: "Rate this ticket from 1 (poor) to 5 (excellent).",
    yours: "Your rating",
    change: "You can change it:",
  },
  zh: {
    title: "您对本次服务满意吗？",
    ask: "请为本工单评分：1（很差）到 5（很好）。",
    yours: "您的评分",
    change: "您可以修改评分：",
  },
} as const;

/** The rating form: five submit buttons posting to /t/:token/csat (a POST, so mail scanners cannot rate). */
function csatSection(lang: Language, base: string, rating: number | null) {
  const tx = CSAT_TEXT[lang];
  return (
    <section class="card" id="csat">
      <h2>{tx.title}</h2>
      {rating ? (
        <p>
          {tx.yours}:{" "}
          <strong data-rating={String(rating)}>
            {"⭐".repeat(rating)} {rating}/5
          </strong>
          . {tx.change}
        </p>
      ) : (
        <p>{tx.ask}</p>
      )}
      <form method="post" action={`${base}/csat`}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button type="submit" name="rating" value={String(n)} aria-pressed={rating === n ? "true" : "false"}>
            {String(n)}
          </button>
        ))}
      </form>
    </section>
  );
}

/** The whole ticket page. */
export function renderCustomerPage(p: CustomerPageProps): WebformPage {
  const tx = t(p.lang);
  const { ticket } = p;
  const title = tx.ticketTitle(ticket.number);
  const base = `/t/${encodeURIComponent(p.token)}`;
  return {
    title: `${title} · ${ticket.subject}`,
    head: liveHead(p),
    body: (
      <>
        {p.created ? (
          <div class="notice ok" role="status">
            <p>
              <strong>{tx.created(ticket.number)}</strong>
            </p>
            <p>{tx.keepLink}</p>
          </div>
        ) : null}
        <h1>{title}</h1>
        <p>
          <strong>{ticket.subject}</strong>
        </p>
        <p>
          {tx.status}: <span class="status">{tx.statuses[ticket.status]}</span>
        </p>
        {claimNotice(p, base)}
        <p class="notice warn">{tx.safety}</p>
        {p.csat ? csatSection(p.lang, base, p.csat.rating) : null}
        <h2>{tx.conversation}</h2>
        {p.messages.length === 0 ? (
          <p id="no-messages">{tx.noMessages}</p>
        ) : (
          <ol class="thread">
            {p.messages.map((m) => (
              <li class={m.author} id={`m-${m.id}`}>
                <div class="meta">
                  <strong>{tx.authors[m.author]}</strong> ·{" "}
                  <time datetime={m.createdAt}>{displayTime(m.createdAt)}</time>
                </div>
                <p class="body">{m.body}</p>
                {m.attachments.length ? (
                  <div>
                    <span class="meta">{tx.attachmentsOf}:</span>
                    <ul>
                      {m.attachments.map((a) => (
                        <li>
                          <a href={`${base}/attachments/${encodeURIComponent(a.id)}`}>{a.filename}</a>{" "}
                          <span class="meta">({formatSize(a.size)})</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {ticket.status === "closed" ? (
          <p class="notice warn">
            {tx.closedNote} <a href={`/support?lang=${p.lang}`}>{tx.pageTitle}</a>
          </p>
        ) : (
          <form
            class="card"
            method="post"
            action={`${base}/replies`}
            enctype="multipart/form-data"
            accept-charset="utf-8"
          >
            <h2>{tx.replyTitle}</h2>
            <div class="field">
              <label for="r-body">
                {tx.fields.body}{" "}
                <span aria-hidden="true" class="req">
                  *
                </span>
                <span class="visually-hidden">({tx.required})</span>
              </label>
              <textarea
                id="r-body"
                name="body"
                required
                aria-required="true"
                maxlength={20000}
                rows={5}
                aria-describedby="r-body-hint"
              />
              <span class="hint" id="r-body-hint">
                {tx.hints.description}
              </span>
            </div>
            <div class="field">
              <label for="r-attachments">
                {tx.fields.attachments} <span class="opt">({tx.optional})</span>
              </label>
              <input
                id="r-attachments"
                name="attachments"
                type="file"
                multiple
                accept={FILE_INPUT_ACCEPT}
                aria-describedby="r-attachments-hint"
              />
              <span class="hint" id="r-attachments-hint">
                {tx.hints.attachments}
              </span>
            </div>
            <input type="hidden" name="idempotencyKey" value={p.idempotencyKey} />
            <button type="submit">{tx.replySubmit}</button>
          </form>
        )}
      </>
    ),
  };
}

/** `2026-08-01T09:30:00.000Z` -> `2026-08-01 09:30 UTC`: unambiguous without client-side script. */
function displayTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
