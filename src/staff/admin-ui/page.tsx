/** The admin page's HTML shell (header, boot data, the script that draws the screens) and the 403 page for agents. */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Language } from "../../core/inbound";
import type { StaffPrincipal } from "../../core/staff";
import { inboxTexts } from "../ui/i18n";
import { type AdminTexts, adminTexts, type SharedLabels } from "./i18n";
import { type AssignAdminTexts, assignAdminTexts } from "./i18n-assign";
import { type ChatAdminTexts, chatAdminTexts } from "./i18n-chat";

/** What the browser script reads from `#rd-admin-boot`. */
export interface AdminBoot {
  lang: Language;
  me: { staffId: string; name: string; role: string };
  t: AdminTexts;
  labels: SharedLabels;
  /** The auto-assign screen's texts (./i18n-assign.ts). */
  assign: AssignAdminTexts;
  /** The live-chat screen's texts (./i18n-chat.ts). */
  chat: ChatAdminTexts;
}

/** JSON for a `<script type="application/json">`: `<` escaped so no data can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function Header(props: { lang: Language; staff: StaffPrincipal; csrfToken: string; t: AdminTexts }) {
  const { t, lang } = props;
  const other: Language = lang === "zh" ? "en" : "zh";
  return (
    <header class="top">
      <p class="brand">
        Relaydesk <span>{t.title}</span>
      </p>
      <a href="/staff" id="rd-back">
        {t.back}
      </a>
      <span class="who">
        {t.signedInAs} <strong>{props.staff.name}</strong>
      </span>
      <a href={`/staff/admin?lang=${other}`} id="rd-lang" hreflang={other === "zh" ? "zh-CN" : "en"}>
        {t.switchTo}
      </a>
      <form class="out" method="post" action="/staff/logout">
        <input type="hidden" name="csrf" value={props.csrfToken} />
        <button type="submit">{t.signOut}</button>
      </form>
    </header>
  );
}

/** The admin page for an admin: its title, head and body, for the shared shell. */
export function renderAdminPage(props: {
  lang: Language;
  staff: StaffPrincipal;
  csrfToken: string;
  scriptUrl: string;
  styleUrl: string;
}): { title: string; head: Child; body: Child } {
  const t = adminTexts(props.lang);
  const inbox = inboxTexts(props.lang);
  const boot: AdminBoot = {
    lang: props.lang,
    me: { staffId: props.staff.staffId, name: props.staff.name, role: props.staff.role },
    t,
    labels: {
      priorities: inbox.priorities,
      channels: inbox.channels,
      categories: inbox.categories,
      statuses: inbox.statuses,
    },
    assign: assignAdminTexts(props.lang),
    chat: chatAdminTexts(props.lang),
  };
  return {
    title: `${t.title} · Relaydesk`,
    head: (
      <>
        <meta name="rd-csrf" content={props.csrfToken} />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={props.styleUrl} />
        {/* raw: the JSON is escaped for a script element by scriptJson; HTML escaping would corrupt it */}
        <script type="application/json" id="rd-admin-boot">
          {raw(scriptJson(boot))}
        </script>
        <script type="module" src={props.scriptUrl} />
      </>
    ),
    body: (
      <>
        <Header {...props} t={t} />
        <noscript>
          <p class="page-note">{t.noscript}</p>
        </noscript>
        <div id="rd-admin" class="admin" />
      </>
    ),
  };
}

/** What an agent (or any non-admin) sees at /staff/admin: a 403 page that says why, with the way back. */
export function renderForbiddenPage(props: {
  lang: Language;
  staff: StaffPrincipal;
  csrfToken: string;
  styleUrl: string;
}): {
  title: string;
  head: Child;
  body: Child;
} {
  const t = adminTexts(props.lang);
  return {
    title: `${t.forbiddenTitle} · Relaydesk`,
    head: <link rel="stylesheet" href={props.styleUrl} />,
    body: (
      <>
        <Header {...props} t={t} />
        <main class="page-note" id="rd-forbidden">
          <h1>{t.forbiddenTitle}</h1>
          <p>{t.forbidden}</p>
          <p>
            <a href="/staff">{t.back}</a>
          </p>
        </main>
      </>
    ),
  };
}
