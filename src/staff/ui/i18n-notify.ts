/** Inbox texts of notifications and @mentions: the settings dialog, the notifications themselves, list markers. */
import type { Language } from "../../core/inbound";
import type { NotifyKind } from "../../core/notify";

export interface NotifyTexts {
  /** The header button that opens the settings. */
  button: string;
  title: string;
  intro: string;
  kinds: Record<NotifyKind, string>;
  desktop: string;
  sound: string;
  /** The browser's permission, as the dialog reports it. */
  permission: Record<"default" | "granted" | "denied" | "unsupported", string>;
  test: string;
  save: string;
  saved: string;
  cancel: string;
  /** Notification titles: `{number}` ticket number, `{name}` customer or colleague. */
  newTicket: string;
  customerReply: string;
  mention: string;
  slaBreach: string;
  /** SLA breach kinds in a notification. */
  breaches: Record<"first_response" | "resolution", string>;
  /** The list's marker on a ticket where someone mentioned me. */
  mentioned: string;
  /** The views bar: `{n}` unread tickets in a view. */
  unreadInView: string;
  /** The composer's autocomplete list of colleagues. */
  mentionList: string;
}

const en: NotifyTexts = {
  button: "Notifications",
  title: "Notifications",
  intro:
    "Choose what should pop up on your desktop or play a short tone. Only for this account; off until you turn it on.",
  kinds: {
    new_ticket: "New tickets",
    customer_reply: "Customer replies on my tickets",
    mention: "@mentions of me in notes",
    sla_breach: "SLA breaches",
  },
  desktop: "Desktop",
  sound: "Sound",
  permission: {
    default: "The browser will ask for permission when you save with a desktop switch on.",
    granted: "Desktop notifications are allowed in this browser.",
    denied: "This browser blocks notifications from Relaydesk: allow them in the site settings.",
    unsupported: "This browser cannot show desktop notifications.",
  },
  test: "Play the tone",
  save: "Save",
  saved: "Notification settings saved",
  cancel: "Cancel",
  newTicket: "New ticket {number} from {name}",
  customerReply: "{name} replied on {number}",
  mention: "{name} mentioned you on {number}",
  slaBreach: "SLA breached on {number}",
  breaches: { first_response: "First response overdue", resolution: "Resolution overdue" },
  mentioned: "Mentioned you",
  unreadInView: "{n} unread",
  mentionList: "Colleagues",
};

const zh: NotifyTexts = {
  button: "通知",
  title: "通知设置",
  intro: "选择哪些事件弹出桌面通知或播放提示音。仅对本账号生效；开启前均为关闭。",
  kinds: {
    new_ticket: "新工单",
    customer_reply: "我负责的工单有客户回复",
    mention: "备注中 @提及我",
    sla_breach: "SLA 超时",
  },
  desktop: "桌面",
  sound: "声音",
  permission: {
    default: "保存时若开启了桌面通知，浏览器会请求权限。",
    granted: "此浏览器已允许桌面通知。",
    denied: "此浏览器已阻止 Relaydesk 的通知：请在网站设置中允许。",
    unsupported: "此浏览器无法显示桌面通知。",
  },
  test: "试听提示音",
  save: "保存",
  saved: "通知设置已保存",
  cancel: "取消",
  newTicket: "新工单 {number}，来自 {name}",
  customerReply: "{name} 回复了 {number}",
  mention: "{name} 在 {number} 中提及了你",
  slaBreach: "{number} SLA 已超时",
  breaches: { first_response: "首次响应已超时", resolution: "解决时限已超时" },
  mentioned: "有人提及你",
  unreadInView: "{n} 条未读",
  mentionList: "同事",
};

/** The notification texts of a language (the inbox's boot texts carry them as `notify`). */
export function notifyTexts(lang: Language): NotifyTexts {
  return lang === "zh" ? zh : en;
}
