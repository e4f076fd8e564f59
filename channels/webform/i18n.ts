/** Every text the web form and the customer ticket page show, in en and zh. */
import type { Language } from "../../src/core/inbound";
import { LANGUAGES } from "../../src/core/inbound";
import type { Category, MessageAuthor, TicketStatus } from "../../src/core/ticket";

/** The form's fields, in the order the page shows them. */
export type FieldName =
  | "email"
  | "name"
  | "category"
  | "subject"
  | "description"
  | "uid"
  | "txid"
  | "attachments"
  | "body"
  | "idempotencyKey"
  | "lang";

interface Texts {
  languageName: string;
  switchTo: string;
  pageTitle: string;
  intro: string;
  requiredNote: string;
  required: string;
  optional: string;
  fields: Record<FieldName, string>;
  hints: Partial<Record<FieldName, string>>;
  /** What to do to fix a field, for the error page. */
  fixes: Partial<Record<FieldName, string>>;
  categories: Record<Category, string>;
  honeypot: string;
  submit: string;
  noscriptTurnstile: string;
  /** Instead of the form, when it takes no submissions (production without its bot check). */
  formUnavailable: string;
  safety: string;
  ticketTitle: (number: string) => string;
  status: string;
  statuses: Record<TicketStatus, string>;
  authors: Record<MessageAuthor, string>;
  conversation: string;
  noMessages: string;
  attachmentsOf: string;
  created: (number: string) => string;
  keepLink: string;
  replyTitle: string;
  replySubmit: string;
  closedNote: string;
  errorTitle: string;
  errorIntro: string;
  backToForm: string;
  backToTicket: string;
  backHint: string;
  notFoundTitle: string;
  notFoundText: string;
  thanksTitle: string;
  thanksText: string;
  /** Friendly texts for error codes; others fall back to the error's message. */
  errors: Record<string, string>;
}

const en: Texts = {
  languageName: "English",
  switchTo: "中文",
  pageTitle: "Contact support",
  intro: "Tell us what happened and we will answer by email and on your ticket page.",
  requiredNote: "Fields marked * are required.",
  required: "required",
  optional: "optional",
  fields: {
    email: "Email",
    name: "Name",
    category: "Topic",
    subject: "Subject",
    description: "Describe your issue",
    uid: "Exchange UID",
    txid: "Transaction ID (TxID)",
    attachments: "Attachments",
    body: "Your message",
    idempotencyKey: "Form key",
    lang: "Language",
  },
  hints: {
    email: "We send updates about your ticket here.",
    uid: "Your account UID, if the issue concerns your account.",
    txid: "For a deposit or withdrawal: the transaction hash.",
    attachments: "Screenshots or documents: PNG, JPEG, GIF, WebP, PDF, TXT, CSV or MP4.",
    description: "Never include your password, 2FA code, private key or seed phrase.",
  },
  fixes: {
    email: "Enter a valid email address (at most 254 characters).",
    name: "Keep the name to at most 100 characters.",
    category: "Choose one of the listed topics.",
    subject: "Enter a subject of 1 to 200 characters.",
    description: "Describe your issue in 1 to 20,000 characters.",
    uid: "Keep the UID to at most 64 characters.",
    txid: "Keep the TxID to at most 128 characters.",
    body: "Write a message of 1 to 20,000 characters.",
    idempotencyKey: "Reload the form and submit it again.",
    lang: "Choose English or Chinese.",
  },
  categories: {
    account: "Account and login",
    security: "Security and stolen account",
    kyc: "Identity verification (KYC)",
    deposit: "Deposit",
    withdrawal: "Withdrawal",
    trading: "Trading",
    api: "API",
    promotions: "Promotions and rewards",
    scam_report: "Report a scam",
    other: "Something else",
  },
  honeypot: "Leave this field empty",
  submit: "Send request",
  noscriptTurnstile: "This form needs JavaScript enabled to confirm you are not a robot.",
  formUnavailable: "The form is not available right now. Please try again later.",
  safety: "Official support will never ask for your password, 2FA code, private key or seed phrase.",
  ticketTitle: (n) => `Ticket ${n}`,
  status: "Status",
  statuses: {
    new: "Received",
    open: "Open",
    pending: "Waiting for your reply",
    resolved: "Resolved",
    closed: "Closed",
  },
  authors: { customer: "You", staff: "Support", bot: "Automatic message" },
  conversation: "Conversation",
  noMessages: "No messages yet.",
  attachmentsOf: "Attachments",
  created: (n) => `We received your request. Your ticket number is ${n}.`,
  keepLink: "Keep this page's address: it is your private link to this ticket. Do not share it.",
  replyTitle: "Add a message",
  replySubmit: "Send message",
  closedNote: "This ticket is closed. To ask something new, please open a new request.",
  errorTitle: "We could not send your request",
  errorIntro: "Please fix the following:",
  backToForm: "Back to the form",
  backToTicket: "Back to your ticket",
  backHint: "Your browser's Back button keeps what you typed.",
  notFoundTitle: "Page not found",
  notFoundText: "This link is not valid. Check that you copied the whole address.",
  thanksTitle: "Thank you",
  thanksText: "We received your request.",
  errors: {
    rate_limited: "Too many requests from your network. Please wait a minute and try again.",
    payload_too_large: "The request is too large.",
    attachment_too_large: "A file is too large.",
    too_many_attachments: "Too many files attached.",
    attachment_type_not_allowed: "This kind of file is not accepted, or its content does not match its type.",
    unsupported_media_type: "The form was sent in a format we do not accept.",
    turnstile_failed: "We could not confirm you are not a robot. Please try again.",
    turnstile_not_configured: "The form is not available right now. Please try again later.",
    ticket_closed: "This ticket is closed and takes no new messages.",
    idempotency_key_reused: "This form was already used. Reload it and submit again.",
    invalid_json: "The request could not be read.",
    invalid_form: "The request could not be read.",
    not_found: "This link is not valid.",
  },
};

const zh: Texts = {
  languageName: "中文",
  switchTo: "English",
  pageTitle: "联系客服",
  intro: "请告诉我们发生了什么，我们会通过邮件和工单页面回复您。",
  requiredNote: "标有 * 的为必填项。",
  required: "必填",
  optional: "选填",
  fields: {
    email: "电子邮箱",
    name: "姓名",
    category: "问题类型",
    subject: "标题",
    description: "问题描述",
    uid: "交易所 UID",
    txid: "交易哈希（TxID）",
    attachments: "附件",
    body: "您的消息",
    idempotencyKey: "表单标识",
    lang: "语言",
  },
  hints: {
    email: "工单进展会发送到此邮箱。",
    uid: "如问题涉及您的账户，请填写账户 UID。",
    txid: "充值或提现问题请填写交易哈希。",
    attachments: "截图或文件：PNG、JPEG、GIF、WebP、PDF、TXT、CSV 或 MP4。",
    description: "切勿填写密码、两步验证码、私钥或助记词。",
  },
  fixes: {
    email: "请输入有效的电子邮箱地址（最多 254 个字符）。",
    name: "姓名最多 100 个字符。",
    category: "请选择列表中的问题类型。",
    subject: "请输入 1 到 200 个字符的标题。",
    description: "请用 1 到 20000 个字符描述您的问题。",
    uid: "UID 最多 64 个字符。",
    txid: "TxID 最多 128 个字符。",
    body: "请输入 1 到 20000 个字符的消息。",
    idempotencyKey: "请刷新表单后重新提交。",
    lang: "请选择中文或英文。",
  },
  categories: {
    account: "账户与登录",
    security: "安全与账户被盗",
    kyc: "身份认证（KYC）",
    deposit: "充值",
    withdrawal: "提现",
    trading: "交易",
    api: "API",
    promotions: "活动与奖励",
    scam_report: "举报诈骗",
    other: "其他问题",
  },
  honeypot: "请勿填写此项",
  submit: "提交",
  noscriptTurnstile: "此表单需要启用 JavaScript 以完成人机验证。",
  formUnavailable: "表单暂时无法使用，请稍后再试。",
  safety: "官方客服绝不会向您索要密码、两步验证码（2FA）、私钥或助记词。",
  ticketTitle: (n) => `工单 ${n}`,
  status: "状态",
  statuses: { new: "已收到", open: "处理中", pending: "等待您的回复", resolved: "已解决", closed: "已关闭" },
  authors: { customer: "您", staff: "客服", bot: "自动消息" },
  conversation: "对话",
  noMessages: "暂无消息。",
  attachmentsOf: "附件",
  created: (n) => `我们已收到您的请求，工单号：${n}。`,
  keepLink: "请保存本页地址：这是您查看此工单的私密链接，请勿分享。",
  replyTitle: "补充消息",
  replySubmit: "发送",
  closedNote: "此工单已关闭。如有新问题，请提交新的请求。",
  errorTitle: "提交未成功",
  errorIntro: "请修改以下内容：",
  backToForm: "返回表单",
  backToTicket: "返回工单",
  backHint: "使用浏览器的“后退”按钮可保留您已填写的内容。",
  notFoundTitle: "页面不存在",
  notFoundText: "此链接无效，请确认您复制了完整的地址。",
  thanksTitle: "谢谢",
  thanksText: "我们已收到您的请求。",
  errors: {
    rate_limited: "您的网络请求过于频繁，请稍等一分钟后再试。",
    payload_too_large: "提交的内容过大。",
    attachment_too_large: "有文件过大。",
    too_many_attachments: "附件数量过多。",
    attachment_type_not_allowed: "不支持此类文件，或文件内容与类型不符。",
    unsupported_media_type: "提交格式不受支持。",
    turnstile_failed: "人机验证未通过，请重试。",
    turnstile_not_configured: "表单暂时无法使用，请稍后再试。",
    ticket_closed: "此工单已关闭，无法再添加消息。",
    idempotency_key_reused: "此表单已提交过，请刷新后重新提交。",
    invalid_json: "无法读取请求内容。",
    invalid_form: "无法读取请求内容。",
    not_found: "此链接无效。",
  },
};

const TEXTS: Record<Language, Texts> = { en, zh };

/** The texts of one language. */
export function t(lang: Language): Texts {
  return TEXTS[lang];
}

/** A supported language from a query or form value, else null. */
export function parseLanguage(value: string | null | undefined): Language | null {
  return (LANGUAGES as readonly string[]).includes(value ?? "") ? (value as Language) : null;
}
