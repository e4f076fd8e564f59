/** Inbox texts of the crypto panel: TxIDs and addresses with their chains and explorers, ids and amounts, linked tickets, rating, edits, incidents, removed secrets (by kind). */
import type { Chain, EntityKind } from "../../core/entities";
import type { Language } from "../../core/inbound";
import type { SecretKind } from "../../core/redact";

export interface CryptoTexts {
  title: string;
  /** Shown when the conversation holds none of what the panel lists. */
  empty: string;
  values: string;
  identifiers: string;
  kinds: Record<EntityKind, string>;
  chains: Record<Chain, string>;
  /** Beside a value whose chain its shape does not prove (a bare 64-hex TxID): its links are for each candidate. */
  chainUnsure: string;
  /** A link to an explorer: `{name}`. */
  openIn: string;
  copy: string;
  copied: string;
  linked: string;
  csat: string;
  /** `{rating}` of 5. */
  csatRated: string;
  csatAsked: string;
  edits: string;
  /** `{time}`: the version a customer's edit replaced. */
  editedAt: string;
  incidents: string;
  incidentStatus: Record<"open" | "resolved", string>;
  redacted: string;
  /** `{time}` of the message, `{kinds}` removed from it. */
  redactedNote: string;
  secretKinds: Record<SecretKind, string>;
  /** Locale for dates and times. */
  locale: string;
}

const TEXTS: Record<Language, CryptoTexts> = {
  en: {
    title: "Crypto",
    empty: "No TxID, address, UID, order id or amount in this conversation yet.",
    values: "Transactions and addresses",
    identifiers: "IDs and amounts",
    kinds: { txid: "TxID", address: "Address", uid: "UID", order_id: "Order ID", amount: "Amount" },
    chains: { evm: "EVM (Ethereum, BNB Chain…)", btc: "Bitcoin", tron: "TRON", sol: "Solana" },
    chainUnsure: "chain not certain",
    openIn: "Open in {name}",
    copy: "Copy",
    copied: "Copied",
    linked: "Tickets with the same TxID or address",
    csat: "Customer rating",
    csatRated: "{rating} of 5",
    csatAsked: "Asked, not answered yet",
    edits: "Edit history",
    editedAt: "Before the edit of {time}",
    incidents: "Incidents",
    incidentStatus: { open: "open", resolved: "resolved" },
    redacted: "Secrets removed",
    redactedNote: "Removed from the message of {time}: {kinds}. Never stored, never shown.",
    secretKinds: {
      seed_phrase: "seed phrase",
      private_key: "private key",
      keystore: "keystore file",
      api_secret: "API secret",
      password: "password",
      "2fa_code": "2FA code",
    },
    locale: "en-GB",
  },
  zh: {
    title: "加密资产",
    empty: "此对话中暂未发现交易哈希、地址、UID、订单号或金额。",
    values: "交易与地址",
    identifiers: "ID 与金额",
    kinds: { txid: "交易哈希", address: "地址", uid: "UID", order_id: "订单号", amount: "金额" },
    chains: { evm: "EVM（以太坊、BNB Chain 等）", btc: "比特币", tron: "波场 TRON", sol: "Solana" },
    chainUnsure: "链不确定",
    openIn: "在 {name} 中查看",
    copy: "复制",
    copied: "已复制",
    linked: "含相同交易哈希或地址的工单",
    csat: "客户评分",
    csatRated: "{rating} / 5 分",
    csatAsked: "已邀请评分，尚未回复",
    edits: "编辑记录",
    editedAt: "{time} 编辑前的内容",
    incidents: "事件",
    incidentStatus: { open: "进行中", resolved: "已解决" },
    redacted: "已移除的敏感信息",
    redactedNote: "已从 {time} 的消息中移除：{kinds}。从未保存，也不会显示。",
    secretKinds: {
      seed_phrase: "助记词",
      private_key: "私钥",
      keystore: "Keystore 文件",
      api_secret: "API 密钥",
      password: "密码",
      "2fa_code": "2FA 验证码",
    },
    locale: "zh-CN",
  },
};

/** The crypto panel's texts of a language (the inbox's boot texts carry them as `crypto`). */
export function cryptoTexts(lang: Language): CryptoTexts {
  return TEXTS[lang];
}
