/** GET /support: the form, in en or zh, that works without JavaScript. */
import type { Child } from "hono/jsx";
import type { Language } from "../../src/core/inbound";
import { CATEGORIES } from "../../src/core/ticket";
import { FILE_INPUT_ACCEPT } from "./attachments";
import { type FieldName, t } from "./i18n";
import type { WebformPage } from "./layout";
import { TURNSTILE_FIELD, TURNSTILE_SCRIPT_URL } from "./turnstile";

export interface SupportPageProps {
  lang: Language;
  /** A fresh key per render: resubmitting this page makes no second ticket. */
  idempotencyKey: string;
  /** The widget's site key; "" shows no widget. */
  turnstileSiteKey: string;
  attachmentMaxCount: number;
  attachmentMaxBytes: number;
}

(".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,.csv,.mp4,image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,video/mp4");

/** The whole /support page. */
export function renderSupportPage(p: SupportPageProps): WebformPage {
  const tx = t(p.lang);
  const other: Language = p.lang === "zh" ? "en" : "zh";
  const maxMb = Math.floor(p.attachmentMaxBytes / (1024 * 1024));
  const fileLimits =
    p.lang === "zh"
      ? `最多 ${p.attachmentMaxCount} 个文件，每个不超过 ${maxMb} MB。`
      : `Up to ${p.attachmentMaxCount} files, ${maxMb} MB each.`;
  const head = p.turnstileSiteKey ? <script src={TURNSTILE_SCRIPT_URL} async defer /> : null;
  return {
    title: tx.pageTitle,
    head,
    body: (
      <>
        <header class="top">
          <h1>{tx.pageTitle}</h1>
          <a href={`/support?lang=${other}`} hreflang={other} lang={other === "zh" ? "zh-CN" : "en"}>
            {tx.switchTo}
          </a>
        </header>
        <p>{tx.intro}</p>
        <p class="notice warn">{tx.safety}</p>
        <form class="card" method="post" action="/api/tickets" enctype="multipart/form-data" accept-charset="utf-8">
          <p class="meta">{tx.requiredNote}</p>
          <Field lang={p.lang} name="email" required>
            <input
              id="f-email"
              name="email"
              type="email"
              required
              aria-required="true"
              maxlength={254}
              autocomplete="email"
              aria-describedby="f-email-hint"
            />
          </Field>
          <Field lang={p.lang} name="name">
            <input id="f-name" name="name" type="text" maxlength={100} autocomplete="name" />
          </Field>
          <Field lang={p.lang} name="category">
            <select id="f-category" name="category">
              {CATEGORIES.map((c) => (
                <option value={c} selected={c === "other"}>
                  {tx.categories[c]}
                </option>
              ))}
            </select>
          </Field>
          <Field lang={p.lang} name="subject" required>
            <input id="f-subject" name="subject" type="text" required aria-required="true" maxlength={200} />
          </Field>
          <Field lang={p.lang} name="description" required>
            <textarea
              id="f-description"
              name="description"
              required
              aria-required="true"
              maxlength={20000}
              rows={8}
              aria-describedby="f-description-hint"
            />
          </Field>
          <Field lang={p.lang} name="uid">
            <input id="f-uid" name="uid" type="text" maxlength={64} autocomplete="off" aria-describedby="f-uid-hint" />
          </Field>
          <Field lang={p.lang} name="txid">
            <input
              id="f-txid"
              name="txid"
              type="text"
              maxlength={128}
              autocomplete="off"
              spellcheck={false}
              aria-describedby="f-txid-hint"
            />
          </Field>
          <Field lang={p.lang} name="attachments" extraHint={fileLimits}>
            <input
              id="f-attachments"
              name="attachments"
              type="file"
              multiple
              accept={FILE_INPUT_ACCEPT}
              aria-describedby="f-attachments-hint"
            />
          </Field>
          {/* The honeypot: hidden from people and screen readers; bots fill it in. */}
          <div class="visually-hidden" aria-hidden="true">
            <label for="f-website">{tx.honeypot}</label>
            <input id="f-website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
          </div>
          <input type="hidden" name="idempotencyKey" value={p.idempotencyKey} />
          <input type="hidden" name="lang" value={p.lang} />
          {p.turnstileSiteKey ? (
            <div class="field">
              <div
                class="cf-turnstile"
                data-sitekey={p.turnstileSiteKey}
                data-language={p.lang === "zh" ? "zh-cn" : "en"}
                data-response-field-name={TURNSTILE_FIELD}
              />
              <noscript>
                <p class="notice warn">{tx.noscriptTurnstile}</p>
              </noscript>
            </div>
          ) : null}
          <button type="submit">{tx.submit}</button>
        </form>
      </>
    ),
  };
}

/** /support when the form takes no submissions (production without its bot check): a notice, no form. */
export function renderSupportUnavailablePage(lang: Language): WebformPage {
  const tx = t(lang);
  const other: Language = lang === "zh" ? "en" : "zh";
  return {
    title: tx.pageTitle,
    body: (
      <>
        <header class="top">
          <h1>{tx.pageTitle}</h1>
          <a href={`/support?lang=${other}`} hreflang={other} lang={other === "zh" ? "zh-CN" : "en"}>
            {tx.switchTo}
          </a>
        </header>
        <p class="notice err" role="alert">
          {tx.formUnavailable}
        </p>
        <p class="notice warn">{tx.safety}</p>
      </>
    ),
  };
}

/** A labelled field with its required/optional mark and hint, wired up for screen readers. */
function Field(props: { lang: Language; name: FieldName; required?: boolean; extraHint?: string; children: Child }) {
  const tx = t(props.lang);
  const hint = [tx.hints[props.name], props.extraHint].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={`f-${props.name}`}>
        {tx.fields[props.name]}{" "}
        {props.required ? (
          <span class="req">
            <span aria-hidden="true">*</span>
            <span class="visually-hidden">({tx.required})</span>
          </span>
        ) : (
          <span class="opt">({tx.optional})</span>
        )}
      </label>
      {props.children}
      {hint ? (
        <span class="hint" id={`f-${props.name}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
