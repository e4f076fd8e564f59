/** Inbox texts of live chat (the widget's conversations): the thread header's live line, "Seen", the identity badges. */
import type { Language } from "../../core/inbound";

export interface ChatTexts {
  /** The label of a chat ticket (metadata source "chat"). */
  liveChat: string;
  online: string;
  offline: string;
  typing: string;
  /** Under a staff reply the customer has read. */
  seen: string;
  /** `{time}` the customer read up to. */
  seenTitle: string;
  /** A widget user the exchange's backend vouched for (HMAC identity verification). */
  verified: string;
  verifiedHint: string;
  /** An anonymous widget visitor. */
  unverifiedVisitor: string;
  unverifiedHint: string;
  /** The list row's marker of a chat ticket whose customer is on the page. */
  listOnline: string;
  /** Under the reply box of a chat ticket: where the reply is shown. */
  replyShown: string;
}

const TEXTS: Record<Language, ChatTexts> = {
  en: {
    liveChat: "Live chat",
    online: "Customer is on the page",
    offline: "Customer has left the page",
    typing: "Customer is typing…",
    seen: "Seen",
    seenTitle: "The customer read this ({time})",
    verified: "Verified",
    verifiedHint: "Signed in on the exchange's site: its backend signed this user id.",
    unverifiedVisitor: "unverified visitor",
    unverifiedHint: "Anonymous chat visitor: nobody vouched for who this is.",
    listOnline: "live",
    replyShown: "shown in the chat window and on the customer's ticket page",
  },
  zh: {
    liveChat: "在线客服",
    online: "客户正在页面上",
    offline: "客户已离开页面",
    typing: "客户正在输入…",
    seen: "已读",
    seenTitle: "客户已阅读（{time}）",
    verified: "已验证",
    verifiedHint: "客户已在交易所网站登录：其后端已对该用户 ID 签名。",
    unverifiedVisitor: "未验证访客",
    unverifiedHint: "匿名聊天访客：无人担保其身份。",
    listOnline: "在线",
    replyShown: "显示在客户的在线客服窗口和工单页面",
  },
};

/** The live-chat texts of a language (the inbox's boot texts carry them as `chat`). */
export function chatTexts(lang: Language): ChatTexts {
  return TEXTS[lang];
}
