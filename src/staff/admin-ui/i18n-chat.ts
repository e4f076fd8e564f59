/** The admin screen of live chat (在线客服): allowed sites, Turnstile, identity verification, the embed code, in en and zh. */
import type { Language } from "../../core/inbound";

export interface ChatAdminTexts {
  intro: string;
  originsTitle: string;
  originsHint: string;
  origin: string;
  addOrigin: string;
  removeOrigin: string;
  confirmRemove: string;
  noOrigins: string;
  /** Why an origin typed was refused before asking the server. */
  originErrors: Record<"empty" | "scheme" | "notOrigin" | "wildcard" | "duplicate" | "tooMany", string>;
  turnstileTitle: string;
  turnstile: string;
  turnstileHint: string;
  identityTitle: string;
  identityOn: string;
  identityOff: string;
  /** Before the command that sets the secret. */
  identitySet: string;
  identityNever: string;
  embedTitle: string;
  embedHint: string;
  signingTitle: string;
  signingHint: string;
  copy: string;
  copied: string;
}

const TEXTS: Record<Language, ChatAdminTexts> = {
  en: {
    intro:
      "The chat bubble customers open on the exchange's own site or app. Only the sites listed here may show it; the bot answers first and “human” brings an agent into the same window.",
    originsTitle: "Sites allowed to embed the chat",
    originsHint:
      "Exact origins, as the browser sends them: scheme, host and port only (https://www.exchange.example). Up to 20. Any other site gets a blank frame.",
    origin: "Origin",
    addOrigin: "Add",
    removeOrigin: "Remove",
    confirmRemove: "Remove {origin}? The chat stops showing on that site at once.",
    noOrigins: "No site yet: the chat can be shown by no other site than this desk.",
    originErrors: {
      empty: "Type an origin, like https://www.exchange.example",
      scheme: "Only https:// (or http:// for a local test site) origins",
      notOrigin: "Only the origin: no path, query, #fragment or user name (https://www.exchange.example)",
      wildcard: "No wildcards: list each site exactly",
      duplicate: "Already in the list",
      tooMany: "At most 20 sites",
    },
    turnstileTitle: "Bot protection",
    turnstile: "Ask for a Turnstile check on a visitor's first message",
    turnstileHint: "Stops bots that flood the desk; a person sees the check once per conversation.",
    identityTitle: "Identity verification",
    identityOn: "On: users your backend signs in the widget show as Verified to agents.",
    identityOff: "Off: every chat visitor is anonymous and shown as unverified.",
    identitySet: "Set or change the secret on the Worker with:",
    identityNever: "It is never shown here or sent to browsers; your backend keeps the same secret to sign users.",
    embedTitle: "Embed code",
    embedHint: "Put this tag on every page of your site that should show the chat bubble.",
    signingTitle: "Signing a logged-in user (your backend)",
    signingHint:
      "userHash = hex HMAC-SHA256 of userId, email and name joined by newlines (absent fields empty), with expiresAt (unix seconds) as a fourth line when the signature should end, computed on your server with the secret. Without it a signature never expires.",
    copy: "Copy",
    copied: "Copied",
  },
  zh: {
    intro:
      "客户在交易所自己的网站或 App 中打开的聊天气泡。只有这里列出的网站可以显示它；机器人先回答，“转人工”会让客服进入同一窗口。",
    originsTitle: "允许嵌入聊天的网站",
    originsHint:
      "按浏览器发送的格式填写精确来源：仅协议、主机和端口（https://www.exchange.example）。最多 20 个。其他网站只会看到空白框。",
    origin: "来源（Origin）",
    addOrigin: "添加",
    removeOrigin: "移除",
    confirmRemove: "移除 {origin}？该网站将立即不再显示聊天。",
    noOrigins: "尚未添加网站：除本服务台外，任何网站都无法显示聊天。",
    originErrors: {
      empty: "请输入来源，例如 https://www.exchange.example",
      scheme: "仅支持 https://（本地测试网站可用 http://）",
      notOrigin: "只填来源：不要路径、查询参数、#片段或用户名（https://www.exchange.example）",
      wildcard: "不支持通配符：请逐个列出网站",
      duplicate: "已在列表中",
      tooMany: "最多 20 个网站",
    },
    turnstileTitle: "防机器人",
    turnstile: "访客发送第一条消息时要求 Turnstile 人机验证",
    turnstileHint: "阻止刷屏的机器人；真人每次对话只需验证一次。",
    identityTitle: "身份验证",
    identityOn: "已开启：由您的后端签名的用户在客服端显示为“已验证”。",
    identityOff: "已关闭：所有聊天访客均为匿名，显示为未验证。",
    identitySet: "在 Worker 上设置或更换密钥：",
    identityNever: "密钥不会在此显示，也不会发送到浏览器；您的后端使用同一密钥为用户签名。",
    embedTitle: "嵌入代码",
    embedHint: "在网站每个需要显示聊天气泡的页面中加入此标签。",
    signingTitle: "为已登录用户签名（您的后端）",
    signingHint:
      "userHash = 以换行连接 userId、email、name（缺省为空字符串）后，用密钥在服务器上计算的 HMAC-SHA256 十六进制值；要让签名到期，再以第四行加上 expiresAt（Unix 秒）。不带它的签名永不过期。",
    copy: "复制",
    copied: "已复制",
  },
};

/** The live-chat screen's texts of a language. */
export function chatAdminTexts(lang: Language): ChatAdminTexts {
  return TEXTS[lang];
}
