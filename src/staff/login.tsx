/** @jsxImportSource hono/jsx */
/**
 * Staff sign-in: `GET /staff/login` (a small zh/en page with a token field), `POST /staff/login`
 * (token -> session cookie -> 303 to `next`), `POST /staff/logout` (CSRF-checked).
 */
import { type Context, Hono } from "hono";
import { AppError, AuthenticationError } from "../core/errors";
import type { Language } from "../core/inbound";
import type { AppEnv } from "../env";
import { FORM_TEXT_MAX_BYTES, webhookBodyLimit } from "../http";
import { securePage } from "../web/headers";
import { languageOf } from "../web/language";
import { accessEnabled } from "./access";
import {
  accessPrincipal,
  csrfMatches,
  dropSession,
  endSession,
  readSession,
  safeNext,
  startSession,
  tokenPrincipal,
} from "./session";

const TEXT = {
  en: {
    title: "Relaydesk staff sign-in",
    heading: "Sign in to the staff inbox",
    token: "Staff token",
    hint: "Paste the API token an admin gave you (it starts with rdk_).",
    submit: "Sign in",
    failed: "That token is not valid, or it was revoked.",
    access: "Your organisation also signs you in through Cloudflare Access.",
  },
  zh: {
    title: "Relaydesk 客服登录",
    heading: "登录客服工作台",
    token: "客服令牌",
    hint: "粘贴管理员发给你的 API 令牌（以 rdk_ 开头）。",
    submit: "登录",
    failed: "令牌无效或已被吊销。",
    access: "你的组织也可以通过 Cloudflare Access 登录。",
  },
} as const;

const CSS = `body{font:15px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f5f7;color:#1b1f24;margin:0}
main{max-width:380px;margin:12vh auto;background:#fff;padding:2rem;border-radius:10px;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin:.6rem 0 .3rem;font-weight:600}
input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #bbb;border-radius:6px}
button{margin-top:1rem;width:100%;padding:.6rem;font:inherit;font-weight:600;border:0;border-radius:6px;background:#2557d6;color:#fff;cursor:pointer}
.hint{color:#555;font-size:.9rem}.error{background:#fde8e8;color:#9b1c1c;padding:.5rem .7rem;border-radius:6px}`;

/** The sign-in page's body. */
function LoginForm(props: { lang: Language; next: string; error: boolean; access: boolean }) {
  const t = TEXT[props.lang];
  return (
    <>
      <h1>{t.heading}</h1>
      {props.error ? (
        <p class="error" role="alert" id="login-error">
          {t.failed}
        </p>
      ) : null}
      <form method="post" action="/staff/login">
        <input type="hidden" name="next" value={props.next} />
        <label for="token">{t.token}</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
        <p class="hint">{t.hint}</p>
        <button type="submit">{t.submit}</button>
      </form>
      {props.access ? <p class="hint">{t.access}</p> : null}
    </>
  );
}

/** The sign-in page in the shared shell; its form posts need their Origin, so the referrer stays same-origin. */
function showLogin(c: Context<AppEnv>, error: boolean, next: string) {
  const lang = languageOf(c);
  c.header("Cache-Control", "no-store");
  c.status(error ? 401 : 200);
  return c.render(<LoginForm lang={lang} next={next} error={error} access={accessEnabled(c.get("config"))} />, {
    lang,
    title: TEXT[lang].title,
    css: CSS,
    referrer: "same-origin",
  });
}

/**
 * Sign-in posts come from our own page only (login CSRF): an `Origin` other than ours is refused, `Origin: null`
 * included (sandboxed frames, `data:` and `file:` pages send it), and so is a browser's `Sec-Fetch-Site` other than
 * `same-origin`. A client that sends neither (a script) is not a browser another site could drive.
 */
function assertFormOrigin(origin: string | undefined, fetchSite: string | undefined, url: string): void {
  const foreignOrigin = origin !== undefined && origin !== new URL(url).origin;
  const foreignSite = fetchSite !== undefined && fetchSite.toLowerCase() !== "same-origin";
  if (foreignOrigin || foreignSite) {
    throw new AppError(403, "csrf_failed", "Sign-in is accepted from this site's own sign-in page only");
  }
}

/** `Accept` names JSON and not HTML: a script or API client, not a browser's form post. */
function asksForJson(c: Context): boolean {
  const accept = c.req.header("Accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

/** The sign-in's fields: the page's form, or a script's JSON object (`{ "token": "rdk_…", "next"? }`). */
async function loginFields(c: Context): Promise<Record<string, unknown>> {
  if (/^application\/json\b/i.test(c.req.header("Content-Type") ?? "")) {
    const json: unknown = await c.req.json().catch(() => null);
    return typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  }
  return c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
}

/** Routes mounted at /staff: login and logout (the inbox page itself is the UI's). */
export function staffLoginRoutes() {
  const app = new Hono<AppEnv>();
  // Its form posts need their Origin (checked below), which a no-referrer policy would turn into "null".
  app.use("/login", securePage({ referrer: "same-origin" }));

  app.get("/login", async (c) => {
    const next = safeNext(c.req.query("next"));
    // Already signed in (or Cloudflare Access vouches for the browser): straight on.
    if (await readSession(c)) return c.redirect(next, 303);
    const principal = await accessPrincipal(c);
    if (principal) {
      await startSession(c, principal, "access");
      return c.redirect(next, 303);
    }
    return showLogin(c, false, next);
  });

  app.post("/login", webhookBodyLimit(FORM_TEXT_MAX_BYTES), async (c) => {
    assertFormOrigin(c.req.header("Origin"), c.req.header("Sec-Fetch-Site"), c.req.url);
    const form = await loginFields(c);
    const token = typeof form.token === "string" ? form.token.trim() : "";
    const next = safeNext(typeof form.next === "string" ? form.next : c.req.query("next"));
    const principal = token.length >= 8 && token.length <= 512 ? await tokenPrincipal(c, token) : null;
    c.header("Cache-Control", "no-store");
    if (!principal) {
      // The form again with its error, unless the client asked for JSON (then the JSON error shape).
      if (asksForJson(c)) throw new AuthenticationError("The token was not accepted");
      return showLogin(c, true, next);
    }
    // A sign-in replaces whatever session this browser had (its cookie is overwritten below).
    await dropSession(c);
    await startSession(c, principal, "token");
    return c.redirect(next, 303);
  });

  app.post("/logout", webhookBodyLimit(FORM_TEXT_MAX_BYTES), async (c) => {
    const session = await readSession(c);
    if (session) {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const field = [form.csrf, form.csrf_token, form._csrf].find((v): v is string => typeof v === "string");
      if (!(await csrfMatches(session.csrfToken, c.req.header("X-CSRF-Token") ?? field))) {
        throw new AppError(403, "csrf_failed", "Sign-out needs the session's CSRF token");
      }
    }
    await endSession(c);
    return c.redirect("/staff/login", 303);
  });

  return app;
}
