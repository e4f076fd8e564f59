/** GET /verify: the public "is this account really yours?" page (zh/en), and its JSON answer. */
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { ValidationError } from "../core/errors";
import type { Language } from "../core/inbound";
import { MAX_QUERY_LENGTH, type OfficialHandle, type VerifyResult, verifyHandle } from "../core/verify";
import { kindName, verifyAnswer } from "../core/verify-texts";
import type { AppEnv } from "../env";
import { listOfficialHandles } from "../store/official-handles";
import { securePage } from "../web/headers";
import { languageOf } from "../web/language";
import { accepts } from "../web/validate";

const T = {
  en: {
    title: "Verify an official account",
    intro:
      "Scammers pose as our support on Telegram, Discord, email and fake websites. Paste the handle, invite link, email address or website that contacted you.",
    label: "Handle, link, email or website",
    placeholder: "@example_support, t.me/…, discord.gg/…, support@…",
    submit: "Check",
    listTitle: "Our official accounts",
    empty: "No official accounts are listed yet.",
    never: "We will never ask for your password, 2FA code, private key or seed phrase, and we never DM you first.",
    switchTo: "中文",
  },
  zh: {
    title: "核实官方账号",
    intro:
      "骗子常在 Telegram、Discord、邮件和仿冒网站上冒充我们的客服。请粘贴联系您的账号、邀请链接、邮箱或网址进行核实。",
    label: "账号、链接、邮箱或网址",
    placeholder: "@example_support、t.me/…、discord.gg/…、support@…",
    submit: "核实",
    listTitle: "我们的官方账号",
    empty: "尚未登记官方账号。",
    never: "我们绝不会索要您的密码、两步验证码、私钥或助记词，也绝不会主动私信您。",
    switchTo: "English",
  },
} as const;

const CSS = `body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1f24;background:#f5f6f8}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}h1{font-size:1.6rem}
form{display:flex;gap:.5rem;flex-wrap:wrap;align-items:flex-end}label{display:block;font-weight:600;width:100%}
input{flex:1;min-width:14rem;font:inherit;padding:.5rem .6rem;border:1px solid #9aa0a6;border-radius:6px}
button{font:inherit;font-weight:600;padding:.55rem 1.2rem;border:0;border-radius:6px;background:#0b57d0;color:#fff}
.result{border-radius:8px;padding:.8rem 1rem;margin:1rem 0}.official{background:#e6f4ea;border:1px solid #81c995}
.lookalike,.not_official{background:#fce8e6;border:1px solid #f28b82}.invalid{background:#fef7e0;border:1px solid #fdd663}
.meta{color:#5f6368;font-size:.9rem}a{color:#0b57d0}`;

/** The page's body. */
function pageBody(lang: Language, q: string, result: VerifyResult | null, list: readonly OfficialHandle[]): Child {
  const tx = T[lang];
  const other: Language = lang === "zh" ? "en" : "zh";
  const body: Child = (
    <>
      <p class="meta">
        <a
          href={`/verify?lang=${other}${q ? `&q=${encodeURIComponent(q)}` : ""}`}
          lang={other === "zh" ? "zh-CN" : "en"}
        >
          {tx.switchTo}
        </a>
      </p>
      <h1>{tx.title}</h1>
      <p>{tx.intro}</p>
      <form method="get" action="/verify">
        <label for="q">{tx.label}</label>
        <input
          id="q"
          name="q"
          type="text"
          value={q}
          maxlength={MAX_QUERY_LENGTH}
          placeholder={tx.placeholder}
          required
        />
        <input type="hidden" name="lang" value={lang} />
        <button type="submit">{tx.submit}</button>
      </form>
      {result ? (
        <div class={`result ${result.verdict}`} role="status" data-verdict={result.verdict}>
          {verifyAnswer(lang, result)}
        </div>
      ) : null}
      <p>
        <strong>{tx.never}</strong>
      </p>
      <h2>{tx.listTitle}</h2>
      {list.length ? (
        <ul>
          {list.map((h) => (
            <li>
              {kindName(h.kind, lang)}: <code>{h.value}</code>
              {h.label ? ` (${h.label})` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>{tx.empty}</p>
      )}
    </>
  );
  return body;
}

/** `GET /verify`: the page, or with `Accept: application/json` the verdict for `?q=`. */
export function verifyPageRoutes() {
  return (
    new Hono<AppEnv>()
      // Nothing from elsewhere, no framing.
      .use(securePage())
      .get("/", accepts<{ q: string }, "query">("query"), async (c) => {
        const q = (c.req.query("q") ?? "").trim();
        const lang = languageOf(c);
        const wantsJson = /\bapplication\/json\b/i.test(c.req.header("Accept") ?? "");
        if (q.length > MAX_QUERY_LENGTH) {
          throw new ValidationError("The query is too long", [
            { path: "q", message: `at most ${MAX_QUERY_LENGTH} characters` },
          ]);
        }
        if (wantsJson && !q) throw new ValidationError("Say what to check", [{ path: "q", message: "required" }]);
        const list = await listOfficialHandles(c.env.DB);
        const result = q ? verifyHandle(list, q) : null;
        if (wantsJson && result) {
          return c.json(
            {
              query: result.query,
              verdict: result.verdict,
              official: result.verdict === "official",
              kind: result.candidate?.kind ?? null,
              normalized: result.candidate?.value ?? null,
              entry: result.entry
                ? { kind: result.entry.kind, value: result.entry.value, label: result.entry.label ?? null }
                : null,
              message: verifyAnswer(lang, result),
            },
            200,
            { "Cache-Control": "no-store" },
          );
        }
        c.header("Cache-Control", "no-store");
        // A public page people are sent to: it may be indexed.
        return c.render(pageBody(lang, q, result, list), { lang, title: T[lang].title, css: CSS, index: true });
      })
  );
}
