/** Every text of the staff inbox, in en and zh; the page renders some and hands the rest to the browser script. */
import type { ChannelName, Language } from "../../core/inbound";
import { languageFromAcceptLanguage } from "../../core/language";
import type { Category, DeliveryStatus, Priority, TicketStatus } from "../../core/ticket";

export interface InboxTexts {
  title: string;
  languageName: string;
  switchTo: string;
  signedInAs: string;
  signOut: string;
  search: string;
  searchPlaceholder: string;
  views: { all: string; mine: string; unassigned: string; urgent: string; resolved: string };
  viewsLabel: string;
  filtersLabel: string;
  anyStatus: string;
  anyPriority: string;
  anyCategory: string;
  empty: string;
  loadMore: string;
  pickTicket: string;
  noscript: string;
  shortcuts: string;
  shortcutList: Array<[string, string]>;
  close: string;
  channels: Record<ChannelName, string>;
  statuses: Record<TicketStatus, string>;
  priorities: Record<Priority, string>;
  categories: Record<Category, string>;
  delivery: Record<DeliveryStatus, string>;
  feed: { connecting: string; live: string; offline: string };
  customer: string;
  bot: string;
  staff: string;
  me: string;
  assigned: string;
  unassigned: string;
  unread: string;
  isViewing: string;
  isTyping: string;
  noteShort: string;
  youShort: string;
  signedOut: string;
  loading: string;
  reply: string;
  note: string;
  replyPlaceholder: string;
  notePlaceholder: string;
  noteHint: string;
  replyVia: string;
  send: string;
  addNote: string;
  canned: string;
  assignee: string;
  claim: string;
  unassign: string;
  status: string;
  priority: string;
  category: string;
  tags: string;
  tagsPlaceholder: string;
  resolve: string;
  reopen: string;
  back: string;
  opened: string;
  internalNote: string;
  edited: string;
  attempts: string;
  retry: string;
  merge: string;
  mergeInto: string;
  find: string;
  mergeNotFound: string;
  mergeSame: string;
  mergeConfirm: string;
  mergedInto: string;
  customerPanel: string;
  language: string;
  identities: string;
  unreachable: string;
  pastTickets: string;
  none: string;
}

const en: InboxTexts = {
  title: "Relaydesk inbox",
  languageName: "English",
  switchTo: "中文",
  signedInAs: "Signed in as",
  signOut: "Sign out",
  search: "Search tickets",
  searchPlaceholder: "Search: number, subject, text… ( / )",
  views: { all: "All", mine: "Mine", unassigned: "Unassigned", urgent: "Urgent", resolved: "Resolved" },
  viewsLabel: "Views",
  filtersLabel: "Filters",
  anyStatus: "Any status",
  anyPriority: "Any priority",
  anyCategory: "Any category",
  empty: "No tickets here.",
  loadMore: "Load more",
  pickTicket: "Pick a ticket from the list (j / k to move, ? for shortcuts).",
  noscript: "The inbox needs JavaScript. The staff API works without it.",
  shortcuts: "Keyboard shortcuts",
  shortcutList: [
    ["j / k", "next / previous ticket"],
    ["r", "reply"],
    ["n", "internal note"],
    ["e", "resolve"],
    ["/", "search"],
    ["Ctrl+Enter", "send"],
    ["Esc", "leave a field / close the ticket"],
  ],
  close: "Close",
  channels: { telegram: "Telegram", discord: "Discord", email: "Email", webform: "Web form" },
  statuses: { new: "New", open: "Open", pending: "Pending", resolved: "Resolved", closed: "Closed" },
  priorities: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" },
  categories: {
    account: "Account",
    security: "Security",
    kyc: "KYC",
    deposit: "Deposit",
    withdrawal: "Withdrawal",
    trading: "Trading",
    api: "API",
    promotions: "Promotions",
    scam_report: "Scam report",
    other: "Other",
  },
  delivery: { queued: "Sending…", sent: "Delivered", failed: "Failed" },
  feed: { connecting: "Connecting…", live: "Live", offline: "Offline, reconnecting…" },
  customer: "Customer",
  bot: "Bot",
  staff: "Staff",
  me: "me",
  assigned: "Assigned",
  unassigned: "Unassigned",
  unread: "Unread",
  isViewing: "{name} is viewing",
  isTyping: "{name} is typing…",
  noteShort: "Note",
  youShort: "Staff",
  signedOut: "Your session ended; please sign in again.",
  loading: "Loading…",
  reply: "Reply",
  note: "Internal note",
  replyPlaceholder: "Write to the customer… (Ctrl+Enter sends)",
  notePlaceholder: "Only staff see notes.",
  noteHint: "Never sent to the customer",
  replyVia: "Sent via {channel}",
  send: "Send reply",
  addNote: "Add note",
  canned: "Canned replies…",
  assignee: "Assignee",
  claim: "Claim",
  unassign: "Unassign",
  status: "Status",
  priority: "Priority",
  category: "Category",
  tags: "Tags",
  tagsPlaceholder: "vip, chain-delay",
  resolve: "Resolve",
  reopen: "Reopen",
  back: "Inbox",
  opened: "opened",
  internalNote: "Internal note",
  edited: "(edited)",
  attempts: "{n} attempts",
  retry: "Retry",
  merge: "Merge",
  mergeInto: "Merge into ticket",
  find: "Find",
  mergeNotFound: "No ticket with that number.",
  mergeSame: "A ticket cannot be merged into itself.",
  mergeConfirm: "Move {from} with all its messages into {into}?",
  mergedInto: "Merged into {number}",
  customerPanel: "Customer",
  language: "Language",
  identities: "Linked identities",
  unreachable: "unreachable",
  pastTickets: "Tickets",
  none: "None",
};

const zh: InboxTexts = {
  title: "Relaydesk 收件箱",
  languageName: "中文",
  switchTo: "English",
  signedInAs: "当前登录",
  signOut: "退出登录",
  search: "搜索工单",
  searchPlaceholder: "搜索：工单号、主题、内容…（/）",
  views: { all: "全部", mine: "我的", unassigned: "未分配", urgent: "紧急", resolved: "已解决" },
  viewsLabel: "视图",
  filtersLabel: "筛选",
  anyStatus: "全部状态",
  anyPriority: "全部优先级",
  anyCategory: "全部类别",
  empty: "这里没有工单。",
  loadMore: "加载更多",
  pickTicket: "从列表中选择一个工单（j / k 切换，? 查看快捷键）。",
  noscript: "收件箱需要启用 JavaScript。员工 API 无需 JavaScript 即可使用。",
  shortcuts: "键盘快捷键",
  shortcutList: [
    ["j / k", "下一个 / 上一个工单"],
    ["r", "回复"],
    ["n", "内部备注"],
    ["e", "标记为已解决"],
    ["/", "搜索"],
    ["Ctrl+Enter", "发送"],
    ["Esc", "离开输入框 / 关闭工单"],
  ],
  close: "关闭",
  channels: { telegram: "Telegram", discord: "Discord", email: "邮件", webform: "网页表单" },
  statuses: { new: "新建", open: "处理中", pending: "等待客户", resolved: "已解决", closed: "已关闭" },
  priorities: { low: "低", normal: "普通", high: "高", urgent: "紧急" },
  categories: {
    account: "账户",
    security: "安全",
    kyc: "身份认证",
    deposit: "充值",
    withdrawal: "提现",
    trading: "交易",
    api: "API",
    promotions: "活动",
    scam_report: "诈骗举报",
    other: "其他",
  },
  delivery: { queued: "发送中…", sent: "已送达", failed: "发送失败" },
  feed: { connecting: "连接中…", live: "实时", offline: "已断开，正在重连…" },
  customer: "客户",
  bot: "机器人",
  staff: "客服",
  me: "我",
  assigned: "已分配",
  unassigned: "未分配",
  unread: "未读",
  isViewing: "{name} 正在查看",
  isTyping: "{name} 正在输入…",
  noteShort: "备注",
  youShort: "客服",
  signedOut: "登录已失效，请重新登录。",
  loading: "加载中…",
  reply: "回复",
  note: "内部备注",
  replyPlaceholder: "回复客户…（Ctrl+Enter 发送）",
  notePlaceholder: "备注仅员工可见。",
  noteHint: "不会发送给客户",
  replyVia: "通过 {channel} 发送",
  send: "发送回复",
  addNote: "添加备注",
  canned: "快捷回复…",
  assignee: "负责人",
  claim: "认领",
  unassign: "取消分配",
  status: "状态",
  priority: "优先级",
  category: "类别",
  tags: "标签",
  tagsPlaceholder: "vip, 链上延迟",
  resolve: "解决",
  reopen: "重新打开",
  back: "收件箱",
  opened: "创建于",
  internalNote: "内部备注",
  edited: "（已编辑）",
  attempts: "已尝试 {n} 次",
  retry: "重试",
  merge: "合并",
  mergeInto: "合并到工单",
  find: "查找",
  mergeNotFound: "没有这个编号的工单。",
  mergeSame: "工单不能合并到自身。",
  mergeConfirm: "将 {from} 及其全部消息合并到 {into}？",
  mergedInto: "已合并到 {number}",
  customerPanel: "客户",
  language: "语言",
  identities: "关联身份",
  unreachable: "无法联系",
  pastTickets: "工单",
  none: "无",
};

const TEXTS: Record<Language, InboxTexts> = { en, zh };

/** The inbox texts of a language. */
export function inboxTexts(lang: Language): InboxTexts {
  return TEXTS[lang];
}

/** `?lang=` wins, then the remembered choice (cookie), then Accept-Language; English otherwise. */
export function pickInboxLanguage(args: {
  query: string | undefined;
  cookie: string | undefined;
  acceptLanguage: string | undefined;
}): Language {
  for (const v of [args.query, args.cookie]) if (v === "en" || v === "zh") return v;
  return languageFromAcceptLanguage(args.acceptLanguage) ?? "en";
}
