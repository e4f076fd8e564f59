/** Every text of the admin screens (/staff/admin), in en and zh: the page renders some and hands all to the browser script. */
import type { ChannelName, Language } from "../../core/inbound";
import type { Category, Priority, TicketStatus } from "../../core/ticket";
import type { OfficialKind } from "../../core/verify";
import { ADMIN_ZH } from "./i18n-zh";

export const ADMIN_EN = {
  title: "Admin",
  back: "Back to the inbox",
  switchTo: "中文",
  signedInAs: "Signed in as",
  signOut: "Sign out",
  noscript: "The admin screens need JavaScript.",
  forbiddenTitle: "Admins only",
  forbidden: "These screens are for admins. Ask an admin of your desk if you need a change here.",
  nav: "Admin sections",
  screens: {
    users: "Staff",
    tokens: "API tokens",
    sessions: "Sessions",
    canned: "Canned replies",
    kb: "Knowledge base",
    triage: "Triage rules",
    sla: "SLA & hours",
    handles: "Official accounts",
    incidents: "Incidents",
    assign: "Auto-assign",
    chat: "Live chat",
  },
  loading: "Loading…",
  empty: "Nothing here yet.",
  save: "Save",
  saved: "Saved",
  create: "Create",
  add: "Add",
  edit: "Edit",
  cancel: "Cancel",
  delete: "Delete",
  deleted: "Deleted",
  confirmDelete: "Delete “{name}”?",
  yes: "Yes",
  no: "No",
  actions: "Actions",
  name: "Name",
  email: "Email",
  role: "Role",
  roles: { agent: "Agent", admin: "Admin" },
  status: "Status",
  active: "Active",
  disabled: "Deactivated",
  deactivate: "Deactivate",
  reactivate: "Reactivate",
  confirmDeactivate: "Deactivate {name}? Their sessions and live connections end at once.",
  created: "Created",
  lastUsed: "Last used",
  never: "never",
  users: { intro: "Who works in this desk and what they may do.", newUser: "New staff member", you: "you" },
  tokens: {
    intro:
      "API tokens sign in staff and scripts. A token is shown once, when it is created; afterwards only its first characters.",
    newToken: "New token",
    forUser: "For",
    tokenName: "Label",
    token: "Token",
    showOnce: "Copy this token now: it will not be shown again.",
    copy: "Copy",
    copied: "Copied",
    done: "I saved it",
    revoke: "Revoke",
    revoked: "Revoked",
    confirmRevoke: "Revoke “{name}”? Anything signed in with it stops working at once.",
  },
  sessions: {
    intro: "Browser sessions that are signed in now. Revoking one signs it out at once.",
    staff: "Staff",
    via: "Signed in with",
    vias: { token: "API token", access: "Cloudflare Access", bootstrap: "Bootstrap secret" },
    expires: "Expires",
    revoke: "Sign out",
    confirmRevoke: "Sign out this session of {name}?",
  },
  canned: {
    intro: "Replies agents insert from the reply box. {{customer_name}} and {{ticket_number}} are filled in.",
    newReply: "New canned reply",
    titleField: "Title",
    body: "Text",
    language: "Language",
  },
  languages: { en: "English", zh: "中文" },
  kb: {
    intro: "Articles the bot answers new tickets with, when their keywords match. Each language has its own articles.",
    newArticle: "New article",
    titleField: "Title",
    body: "Text",
    keywords: "Keywords (comma separated)",
    enabled: "The bot may send it",
    off: "off",
  },
  triage: {
    intro: "Rules that set each new ticket's category and priority. Edit them as JSON, try a message, then save.",
    rules: "Rules (JSON)",
    updated: "Last saved",
    defaults: "Load the defaults",
    tryTitle: "Try a message",
    tryHint: "A customer message, in any language. Nothing is stored.",
    tryIt: "Try it",
    category: "Category",
    priority: "Priority",
    language: "Language",
    matched: "Matched rules",
    noneMatched: "none (normal priority)",
    setCategory: "set by a rule",
    scores: "Keyword points",
    entities: "Found",
    secrets: "Secrets (would be redacted, priority at least high)",
    badJson: "The rules are not valid JSON: {error}",
  },
  sla: {
    intro:
      "How soon a ticket must get its first answer, the next answer after each customer reply, and be resolved, per priority and channel. Business hours pause the clock.",
    newPolicy: "New or changed policy",
    priority: "Priority",
    channel: "Channel",
    allChannels: "All channels",
    firstResponse: "First response (minutes)",
    nextResponse: "Next response (minutes)",
    resolution: "Resolution (minutes)",
    hours: "Business hours",
    always: "Around the clock",
    useHours: "Only during business hours",
    utcOffset: "UTC offset (minutes)",
    days: "Days",
    dayNames: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    from: "From",
    to: "To",
    fallback: "fallback",
  },
  handles: {
    intro: "Our real accounts. Customers check a handle at /verify before trusting anyone who writes to them.",
    newHandle: "New official account",
    kind: "Kind",
    value: "Handle, address or link",
    label: "Label (optional)",
    kinds: {
      telegram: "Telegram",
      discord_user: "Discord user",
      discord_server: "Discord server",
      discord_invite: "Discord invite",
      email: "Email address",
      domain: "Website domain",
    },
  },
  incidents: {
    intro: "One outage and the tickets it caused. A broadcast sends one update to every tagged ticket's customer.",
    newIncident: "New incident",
    titleField: "Title",
    tickets: "Tickets",
    ticketIds: "Tickets: numbers like RD-1042 or 1042 (space or comma separated)",
    noTickets: "No tickets tagged yet.",
    badRefs: "Not a ticket number: {words}",
    untag: "Remove",
    confirmUntag: "Remove {number} from this incident? Its customer gets no further broadcasts of it.",
    untagged: "Removed {number}",
    addTickets: "Tag tickets",
    open: "Open",
    resolved: "Resolved",
    resolve: "Mark resolved",
    reopen: "Reopen",
    broadcast: "Broadcast an update",
    body: "Update (English)",
    bodyZh: "Update (Chinese, optional)",
    send: "Send…",
    confirmSend: "Send this update to the customers of {count} tickets now? This cannot be undone.",
    sendNow: "Send now",
    sent: "Sent to {count} tickets",
    details: "Details",
  },
} as const;

/** The shape both languages fill (values may differ, keys may not). */
export type AdminTexts = Widen<typeof ADMIN_EN> & {
  sessions: { vias: Record<"token" | "access" | "bootstrap", string> };
  languages: Record<Language, string>;
  handles: { kinds: Record<OfficialKind, string> };
};
/** Literal string types widened to string (and tuples to string arrays), keys kept. */
type Widen<T> = T extends string
  ? string
  : T extends readonly string[]
    ? readonly string[]
    : { [K in keyof T]: Widen<T[K]> };

/** Labels the screens share with the inbox (its vocabulary, from src/staff/ui/i18n.ts). */
export interface SharedLabels {
  priorities: Record<Priority, string>;
  channels: Record<ChannelName, string>;
  categories: Record<Category, string>;
  statuses: Record<TicketStatus, string>;
}

const TEXTS: Record<Language, AdminTexts> = { en: ADMIN_EN, zh: ADMIN_ZH };

/** The admin texts of a language. */
export function adminTexts(lang: Language): AdminTexts {
  return TEXTS[lang];
}
