/** How the web form's routes answer errors: JSON for API clients, a friendly page for browsers. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError } from "../../src/core/errors";
import type { Language } from "../../src/core/inbound";
import type { AppEnv } from "../../src/env";
import { onError } from "../../src/http";
import { languageOf } from "../../src/web/language";
import { claimTexts } from "./email-claim-texts";
import { type FieldName, t } from "./i18n";
import { type ErrorPageProblem, renderErrorPage, renderNotFoundPage, showPage } from "./layout";
import { wantsHtml } from "./request";
import { ACCESS_TOKEN } from "./schemas";

/** The app env of the web form's routes: the request's page language rides along for error pages. */
export interface WebformEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { lang?: Language };
}

/** The language of the page a request came from (known once the body or ticket is read). */
export function requestLanguage(c: Context<WebformEnv>): Language {
  return c.get("lang") ?? languageOf(c);
}

/** The web form's `onError`: the same JSON shape as everywhere for API clients; for browsers, a page with the same status. */
export function webformOnError(err: Error, c: Context<WebformEnv>): Response | Promise<Response> {
  if (!wantsHtml(c)) return onError(err, c);
  const lang = requestLanguage(c);
  let status: number;
  let code: string;
  let details: unknown;
  if (err instanceof AppError) {
    ({ status, code, details } = err);
  } else if (err instanceof HTTPException) {
    status = err.status;
    code = status === 413 ? "payload_too_large" : "http_error";
  } else {
    // Let the shared handler log it (without secrets); the browser still gets a page.
    onError(err, c);
    status = 500;
    code = "internal_error";
  }
  const tx = t(lang);
  if (status === 404) return showPage(c, lang, renderNotFoundPage(lang), 404);
  const problems: ErrorPageProblem[] =
    code === "validation_failed" && Array.isArray(details)
      ? fieldProblems(lang, details as Array<{ path: string; message: string }>)
      : [{ text: tx.errors[code] ?? claimTexts(lang).errors[code] ?? err.message }];
  const page = renderErrorPage(lang, {
    title: tx.errorTitle,
    intro: code === "validation_failed" ? tx.errorIntro : undefined,
    problems,
    back: backLink(c, lang),
  });
  return showPage(c, lang, page, status);
}

/** One line per field that is wrong, in the page's language. */
function fieldProblems(lang: Language, issues: Array<{ path: string; message: string }>): ErrorPageProblem[] {
  const tx = t(lang);
  const seen = new Set<string>();
  const problems: ErrorPageProblem[] = [];
  for (const issue of issues) {
    const field = issue.path.split(".", 1)[0] as FieldName;
    if (seen.has(field)) continue;
    seen.add(field);
    const label = tx.fields[field];
    problems.push(label ? { label, text: tx.fixes[field] ?? issue.message } : { text: issue.message });
  }
  return problems;
}

/** Back to the ticket for ticket-page posts, else back to the form. */
function backLink(c: Context<WebformEnv>, lang: Language): { href: string; label: string } {
  const tx = t(lang);
  const token = /^\/t\/([^/]+)/.exec(new URL(c.req.url).pathname)?.[1];
  if (token && ACCESS_TOKEN.test(token)) return { href: `/t/${token}`, label: tx.backToTicket };
  return { href: `/support?lang=${lang}`, label: tx.backToForm };
}
