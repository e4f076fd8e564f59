/** The form's pages (the form, the ticket page, the friendly error pages): their stylesheet, policy and shared bits, in the app's one shell. */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { Language } from "../../src/core/inbound";
import type { PagePolicy } from "../../src/web/headers";
import { type PageResponse, renderPage } from "../../src/web/layout";
import { t } from "./i18n";

const CSS = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1f24;background:#f5f6f8}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}
header.top{display:flex;justify-content:space-between;align-items:baseline;gap:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:#0b57d0}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #7aa7f7;outline-offset:1px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:1.25rem;margin:1rem 0}
.field{margin:0 0 1rem}label{display:block;font-weight:600;margin-bottom:.25rem}
.req{color:#b3261e}.opt{color:#5f6368;font-weight:400;font-size:.9em}
.hint{display:block;color:#5f6368;font-size:.9rem;margin-top:.2rem}
input[type=email],input[type=text],select,textarea{width:100%;font:inherit;padding:.5rem .6rem;border:1px solid #9aa0a6;border-radius:6px;background:#fff}
textarea{min-height:9rem;resize:vertical}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}
button:hover{background:#0842a0}
.visually-hidden{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.notice{border-radius:8px;padding:.8rem 1rem;margin:1rem 0}
.notice.ok{background:#e6f4ea;border:1px solid #81c995}.notice.err{background:#fce8e6;border:1px solid #f28b82}
.notice.warn{background:#fef7e0;border:1px solid #fdd663}
.meta{color:#5f6368;font-size:.9rem}
ol.thread{list-style:none;padding:0;margin:0}
ol.thread li{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:.8rem 1rem;margin:.6rem 0}
ol.thread li.customer{border-left:4px solid #0b57d0}ol.thread li.staff{border-left:4px solid #188038}
ol.thread li.bot{border-left:4px solid #9aa0a6;background:#fafafa}
.body{white-space:pre-wrap;overflow-wrap:anywhere;margin:.4rem 0 0}
.status{display:inline-block;padding:.1rem .6rem;border-radius:999px;background:#e8eaed;font-size:.9rem}`;

/** The Turnstile origin, allowed by the form page's CSP only when the widget is on the page. */
const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

/** What the form's pages may load: their own images and API, and Turnstile when the widget is on. */
export function webformPolicy(opts: { turnstile?: boolean } = {}): PagePolicy {
  const turnstile = opts.turnstile ? [TURNSTILE_ORIGIN] : [];
  return {
    images: ["'self'"],
    connect: ["'self'", ...turnstile],
    scripts: turnstile,
    frames: turnstile,
    // The browser default, stated: Turnstile checks the page it runs on.
    referrer: "strict-origin-when-cross-origin",
  };
}

/** A page of the form: its title, body and extra head elements. */
export interface WebformPage {
  title: string;
  body: Child;
  head?: Child;
}

/** Answers with `page` in the shared shell and the form's stylesheet; never cached. */
export function showPage(
  c: Context,
  lang: Language,
  page: WebformPage,
  status = 200,
): PageResponse | Promise<PageResponse> {
  c.header("Cache-Control", "no-store");
  return renderPage(c, status, page.body, { lang, title: page.title, css: CSS, head: page.head });
}

export interface ErrorPageProblem {
  /** A field's label, when the problem is about one field. */
  label?: string;
  text: string;
}

/** A friendly error page: what went wrong, and a way back. */
export function renderErrorPage(
  lang: Language,
  args: { title: string; intro?: string; problems: ErrorPageProblem[]; back: { href: string; label: string } },
): WebformPage {
  const tx = t(lang);
  return {
    title: args.title,
    body: (
      <>
        <h1>{args.title}</h1>
        <div class="notice err" role="alert">
          {args.intro ? <p>{args.intro}</p> : null}
          <ul>
            {args.problems.map((p) => (
              <li>
                {p.label ? <strong>{p.label}: </strong> : null}
                {p.text}
              </li>
            ))}
          </ul>
        </div>
        <p>
          <a href={args.back.href}>{args.back.label}</a>
        </p>
        <p class="meta">{tx.backHint}</p>
      </>
    ),
  };
}

/** The 404 page for a link that leads nowhere. */
export function renderNotFoundPage(lang: Language): WebformPage {
  const tx = t(lang);
  return {
    title: tx.notFoundTitle,
    body: (
      <>
        <h1>{tx.notFoundTitle}</h1>
        <p role="alert">{tx.notFoundText}</p>
        <p>
          <a href={`/support?lang=${lang}`}>{tx.pageTitle}</a>
        </p>
      </>
    ),
  };
}

/** A plain thank-you page (what a bot that filled the honeypot sees). */
export function renderThanksPage(lang: Language): WebformPage {
  const tx = t(lang);
  return {
    title: tx.thanksTitle,
    body: (
      <>
        <h1>{tx.thanksTitle}</h1>
        <p role="status">{tx.thanksText}</p>
      </>
    ),
  };
}
