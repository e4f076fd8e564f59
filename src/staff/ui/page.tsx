/** The inbox's HTML shell: header, views, filters and empty panes that the browser script fills. */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { CHANNELS, type Language } from "../../core/inbound";
import type { StaffPrincipal } from "../../core/staff";
import { CATEGORIES, PRIORITIES, TICKET_STATUSES } from "../../core/ticket";
import { adminTexts } from "../admin-ui/i18n";
import { type InboxTexts, inboxTexts } from "./i18n";
import { type AssignTexts, assignTexts } from "./i18n-assign";
import { type AttachTexts, attachTexts } from "./i18n-attach";
import { type BulkTexts, bulkTexts } from "./i18n-bulk";
import { type ChatTexts, chatTexts } from "./i18n-chat";
import { type CryptoTexts, cryptoTexts } from "./i18n-crypto";
import { type IdentityTexts, identityTexts } from "./i18n-identity";
import { type LayoutTexts, layoutTexts } from "./i18n-layout";
import { type NotifyTexts, notifyTexts } from "./i18n-notify";
import { type SlaTagTexts, slaTagTexts } from "./i18n-slatags";

export interface InboxPageProps {
  lang: Language;
  staff: StaffPrincipal;
  csrfToken: string;
  scriptUrl: string;
  styleUrl: string;
  attachLimits: InboxBoot["attachLimits"];
}

/** What the page hands the browser script in `#rd-boot`: who is signed in, the ticket fields' values, every text. */
export interface InboxBoot {
  lang: Language;
  me: Pick<StaffPrincipal, "staffId" | "name" | "role">;
  statuses: typeof TICKET_STATUSES;
  priorities: typeof PRIORITIES;
  categories: typeof CATEGORIES;
  t: InboxTexts &
    IdentityTexts &
    LayoutTexts & {
      crypto: CryptoTexts;
      bulk: BulkTexts;
      slatags: SlaTagTexts;
      assign: AssignTexts;
      attach: AttachTexts;
      notify: NotifyTexts;
      chat: ChatTexts;
    };
  /** The upload limits every attachment shares (ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_COUNT). */
  attachLimits: { maxBytes: number; maxCount: number; accept: string };
}

/** JSON for a `<script type="application/json">`: `<` escaped so no data can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The inbox page: its title, head (stylesheet, boot data, script) and body, for the shared shell. */
export function renderInboxPage(props: InboxPageProps): { title: string; head: Child; body: Child } {
  const { lang, staff } = props;
  const t = inboxTexts(lang);
  const boot: InboxBoot = {
    lang,
    me: { staffId: staff.staffId, name: staff.name, role: staff.role },
    statuses: TICKET_STATUSES,
    priorities: PRIORITIES,
    categories: CATEGORIES,
    t: {
      ...t,
      ...identityTexts(lang),
      ...layoutTexts(lang),
      crypto: cryptoTexts(lang),
      bulk: bulkTexts(lang),
      slatags: slaTagTexts(lang),
      assign: assignTexts(lang),
      attach: attachTexts(lang),
      notify: notifyTexts(lang),
      chat: chatTexts(lang),
    },
    attachLimits: props.attachLimits,
  };
  const views: Array<[string, string]> = [
    ["all", t.views.all],
    ["mine", t.views.mine],
    ["unassigned", t.views.unassigned],
    ["urgent", t.views.urgent],
    ["needs_human", layoutTexts(lang).viewNeedsHuman],
    ...CHANNELS.map((ch): [string, string] => [`ch:${ch}`, t.channels[ch]]),
    ["resolved", t.views.resolved],
  ];
  const other: Language = lang === "zh" ? "en" : "zh";
  return {
    title: t.title,
    head: (
      <>
        <meta name="rd-csrf" content={props.csrfToken} />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={props.styleUrl} />
        {/* raw: the JSON is escaped for a script element by scriptJson; HTML escaping would corrupt it */}
        <script type="application/json" id="rd-boot">
          {raw(scriptJson(boot))}
        </script>
        <script type="module" src={props.scriptUrl} />
      </>
    ),
    body: (
      <>
        <header class="top">
          <p class="brand">Relaydesk</p>
          <form class="search" id="rd-search-form" aria-label={t.search}>
            <label class="sr" for="rd-search">
              {t.search}
            </label>
            <input id="rd-search" type="search" name="q" placeholder={t.searchPlaceholder} autocomplete="off" />
          </form>
          <output id="rd-live" data-state="connecting">
            {t.feed.connecting}
          </output>
          <span class="who">
            {t.signedInAs} <strong id="rd-me">{staff.name}</strong>
          </span>
          {/* Away: auto-assign passes this agent over (the script shows the hub's answer; available until then). */}
          <button
            type="button"
            id="rd-away"
            class="away-toggle"
            role="switch"
            aria-checked="true"
            title={assignTexts(lang).awayHint}
          >
            {assignTexts(lang).available}
          </button>
          <button
            type="button"
            id="rd-notify-open"
            class="secondary"
            aria-haspopup="dialog"
            title={notifyTexts(lang).button}
          >
            <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24">
              <path
                fill="currentColor"
                d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5a6 6 0 0 0-5-5.9V4a1 1 0 0 0-2 0v1.1A6 6 0 0 0 6 11v5l-2 2v1h16v-1z"
              />
            </svg>
            <span class="notify-label">{notifyTexts(lang).button}</span>
          </button>
          <a href="/staff/metrics" id="rd-metrics">
            {layoutTexts(lang).metrics}
          </a>
          {staff.role === "admin" ? (
            <a href="/staff/admin" id="rd-admin-link">
              {adminTexts(lang).title}
            </a>
          ) : null}
          <a href={`/staff?lang=${other}`} id="rd-lang" hreflang={other === "zh" ? "zh-CN" : "en"}>
            {t.switchTo}
          </a>
          <form class="out" method="post" action="/staff/logout">
            <input type="hidden" name="csrf" value={props.csrfToken} />
            <button type="submit">{t.signOut}</button>
          </form>
        </header>
        <noscript>
          <p>{t.noscript}</p>
        </noscript>
        <div class="app">
          <section class="inbox" aria-label={t.title}>
            {/* Phones: the views as one compact menu instead of a row of pills (the script keeps both in step). */}
            <label class="view-pick">
              <span class="sr">{layoutTexts(lang).viewPick}</span>
              <select id="rd-view-select">
                {views.map(([id, label]) => (
                  <option value={id} selected={id === "all"}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <nav id="rd-views" aria-label={t.viewsLabel}>
              {views.map(([id, label]) => (
                <button type="button" data-view={id} aria-pressed={id === "all" ? "true" : "false"}>
                  {label}
                </button>
              ))}
            </nav>
            <fieldset class="filters">
              <legend class="sr">{t.filtersLabel}</legend>
              <select id="rd-filter-status" aria-label={t.status}>
                <option value="">{t.anyStatus}</option>
                {TICKET_STATUSES.map((s) => (
                  <option value={s}>{t.statuses[s]}</option>
                ))}
              </select>
              <select id="rd-filter-priority" aria-label={t.priority}>
                <option value="">{t.anyPriority}</option>
                {PRIORITIES.map((s) => (
                  <option value={s}>{t.priorities[s]}</option>
                ))}
              </select>
              <select id="rd-filter-category" aria-label={t.category}>
                <option value="">{t.anyCategory}</option>
                {CATEGORIES.map((s) => (
                  <option value={s}>{t.categories[s]}</option>
                ))}
              </select>
              {/* The desk's tags in use, filled by the script (client/tag-filter.ts). */}
              <select id="rd-filter-tag" aria-label={slaTagTexts(lang).tag}>
                <option value="">{slaTagTexts(lang).anyTag}</option>
              </select>
            </fieldset>
            {/* Bulk selection: the page's select-all and the toolbar shown while tickets are selected (client/bulk.ts). */}
            <div id="rd-bulk" class="bulk">
              <label class="bulk-all">
                <input type="checkbox" id="rd-select-all" />
                <span>{bulkTexts(lang).selectAllOnPage}</span>
              </label>
              <div id="rd-bulk-bar" class="bulk-bar" role="toolbar" aria-label={bulkTexts(lang).toolbar} hidden />
            </div>
            <ul id="rd-tickets" aria-label={t.title} />
            <p id="rd-empty" hidden>
              {t.empty}
            </p>
            <button type="button" id="rd-more" class="secondary" hidden>
              {t.loadMore}
            </button>
          </section>
          <div class="detail">
            <main id="rd-ticket" tabindex={-1}>
              <p class="placeholder">{t.pickTicket}</p>
            </main>
            <aside id="rd-contact" aria-label={t.customerPanel} />
          </div>
        </div>
        <div id="rd-toast" class="toast" role="status" aria-live="polite" hidden />
        <div id="rd-help" role="dialog" aria-modal="true" aria-labelledby="rd-help-title" hidden>
          <div class="card">
            <h2 id="rd-help-title">{t.shortcuts}</h2>
            <dl>
              {t.shortcutList.map(([key, what]) => (
                <>
                  <dt>{key}</dt>
                  <dd>{what}</dd>
                </>
              ))}
            </dl>
            <button type="button" id="rd-help-close">
              {t.close}
            </button>
          </div>
        </div>
      </>
    ),
  };
}
