/** Inbox texts about who a customer is and whose conversation a message belongs to: proven addresses, merges of two customers, reply targets. */
import type { Language } from "../../core/inbound";

export interface IdentityTexts {
  emailVerified: string;
  emailUnverified: string;
  emailUnverifiedHint: string;
  unverifiedClaim: string;
  pageOnly: string;
  replyTo: string;
  latestCustomer: string;
  replyToThis: string;
  fromConversation: string;
  mergeDifferentAgent: string;
  mergeDifferentAdmin: string;
  mergeAnyway: string;
  mergeUnprovenAgent: string;
  mergeUnprovenAdmin: string;
  mergeUnprovenAnyway: string;
  unprovenSender: string;
  unprovenSenderHint: string;
}

const TEXTS: Record<Language, IdentityTexts> = {
  en: {
    emailVerified: "verified",
    emailUnverified: "unverified",
    emailUnverifiedHint:
      "Typed into the web form and not confirmed: replies are not emailed and it joins no other customer.",
    unverifiedClaim: "web form, address not confirmed",
    pageOnly: "shown on the customer's ticket page only (email not confirmed)",
    replyTo: "Reply to",
    latestCustomer: "latest customer message",
    replyToThis: "Reply to this",
    fromConversation: "from {number}",
    mergeDifferentAgent:
      "These tickets belong to different customers. Only an admin can merge them; ask one if they really are the same person.",
    mergeDifferentAdmin:
      "{from} and {into} belong to different customers. Merge anyway? Each customer will still see only their own messages, and each reply goes to the customer it answers.",
    mergeAnyway: "Merge different customers",
    mergeUnprovenAgent:
      "Nothing proves these tickets are one person's: an email sender's address was not proven (its domain publishes no SPF/DKIM/DMARC, so anyone can write as it). Only an admin can merge them.",
    mergeUnprovenAdmin:
      "Nothing proves {from} and {into} are one person's: an email sender's address was not proven (its domain publishes no SPF/DKIM/DMARC, so anyone can write as it). Merged, a forger's words would show in the customer's conversation and on their ticket page. Merge anyway?",
    mergeUnprovenAnyway: "Merge unproven tickets",
    unprovenSender: "not proven",
    unprovenSenderHint:
      "Mail from this address passed no SPF/DKIM/DMARC check (its domain publishes none, or it failed): anyone can write as it, so merging its tickets needs an admin.",
  },
  zh: {
    emailVerified: "已验证",
    emailUnverified: "未验证",
    emailUnverifiedHint: "客户在网页表单中填写、尚未确认的邮箱：回复不会发送到该邮箱，也不会与其他客户合并。",
    unverifiedClaim: "网页表单，邮箱未确认",
    pageOnly: "仅显示在客户的工单页面（邮箱未确认）",
    replyTo: "回复对象",
    latestCustomer: "最新的客户消息",
    replyToThis: "回复此消息",
    fromConversation: "来自 {number}",
    mergeDifferentAgent: "这两个工单属于不同的客户，只有管理员可以合并；如确认是同一人，请联系管理员。",
    mergeDifferentAdmin:
      "{from} 与 {into} 属于不同的客户。仍要合并吗？每位客户仍只能看到自己的消息，每条回复都会发给它所回复的客户。",
    mergeAnyway: "合并不同客户的工单",
    mergeUnprovenAgent:
      "无法证明这两个工单属于同一人：邮件发件人的地址未经验证（其域名没有 SPF/DKIM/DMARC，任何人都能冒用）。只有管理员可以合并。",
    mergeUnprovenAdmin:
      "无法证明 {from} 与 {into} 属于同一人：邮件发件人的地址未经验证（其域名没有 SPF/DKIM/DMARC，任何人都能冒用）。合并后，冒充者的内容会出现在该客户的对话和工单页面中。仍要合并吗？",
    mergeUnprovenAnyway: "合并未经验证的工单",
    unprovenSender: "未经验证",
    unprovenSenderHint:
      "来自该地址的邮件未通过 SPF/DKIM/DMARC 验证（其域名未发布，或验证失败）：任何人都能冒用，合并其工单需要管理员。",
  },
};

export function identityTexts(lang: Language): IdentityTexts {
  return TEXTS[lang];
}
