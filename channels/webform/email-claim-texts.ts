/** Texts about a web-form address being confirmed: the /verify-email pages and the ticket page's notice, en and zh. */
import type { Language } from "../../src/core/inbound";

interface ClaimTexts {
  confirmTitle: string;
  confirmIntro: (ticketNumber: string, maskedEmail: string) => string;
  confirmWhat: string;
  confirmNotYou: string;
  confirmButton: string;
  confirmedTitle: string;
  confirmedText: (ticketNumber: string) => string;
  /** The ticket page, while the address is a claim. */
  pendingTitle: string;
  pendingText: (maskedEmail: string) => string;
  resend: string;
  resent: string;
  /** Error codes of the confirmation routes, for the error page. */
  errors: Record<string, string>;
}

const TEXTS: Record<Language, ClaimTexts> = {
  en: {
    confirmTitle: "Confirm your email address",
    confirmIntro: (n, email) => `Confirm that ${email} is your address, for support request ${n}.`,
    confirmWhat:
      "Once you confirm, our answers to this request also reach you by email, and the request joins what we already know under this address.",
    confirmNotYou:
      "If you did not send this request, do not confirm: close this page. Nothing is linked to your address, and nobody can see your other requests through it.",
    confirmButton: "Confirm",
    confirmedTitle: "Email address confirmed",
    confirmedText: (n) => `Thank you. Our answers to request ${n} will now also reach you by email.`,
    pendingTitle: "Your email address is not confirmed yet",
    pendingText: (email) =>
      `We sent a confirmation link to ${email}. Until you open it and press "Confirm", our answers appear only on this page: keep this link.`,
    resend: "Send the link again",
    resent: "A new confirmation link is on its way.",
    errors: {
      verification_invalid: "This confirmation link is not valid.",
      verification_used: "This confirmation link was already used, or a newer one replaced it.",
      verification_expired: "This confirmation link has expired. Ask for a new one on your request's page.",
      already_verified: "This email address is already confirmed.",
      nothing_to_confirm: "This request has no email address to confirm.",
      too_many_confirmations: "Too many confirmation emails to this address. Try again in an hour.",
      email_unavailable: "We could not send email right now. Try again later.",
    },
  },
  zh: {
    confirmTitle: "确认您的邮箱地址",
    confirmIntro: (n, email) => `请确认 ${email} 是您的邮箱地址（客服请求 ${n}）。`,
    confirmWhat: "确认后，我们对该请求的回复也会通过邮件发送给您，该请求也会与您在我们这里使用此邮箱的其他记录合并。",
    confirmNotYou:
      "如果该请求不是您提交的，请不要确认，直接关闭此页面即可。您的邮箱不会与该请求关联，任何人也无法因此看到您的其他工单。",
    confirmButton: "确认",
    confirmedTitle: "邮箱地址已确认",
    confirmedText: (n) => `谢谢。我们对请求 ${n} 的回复现在也会通过邮件发送给您。`,
    pendingTitle: "您的邮箱地址尚未确认",
    pendingText: (email) =>
      `我们已向 ${email} 发送确认链接。在您打开链接并点击“确认”之前，我们的回复只显示在本页面：请保存本页链接。`,
    resend: "重新发送确认链接",
    resent: "新的确认链接已发送。",
    errors: {
      verification_invalid: "此确认链接无效。",
      verification_used: "此确认链接已使用过，或已被更新的链接取代。",
      verification_expired: "此确认链接已过期，请在工单页面重新获取。",
      already_verified: "此邮箱地址已确认。",
      nothing_to_confirm: "此请求没有需要确认的邮箱地址。",
      too_many_confirmations: "发送到此邮箱的确认邮件过多，请一小时后再试。",
      email_unavailable: "暂时无法发送邮件，请稍后再试。",
    },
  },
};

export function claimTexts(lang: Language): ClaimTexts {
  return TEXTS[lang];
}
