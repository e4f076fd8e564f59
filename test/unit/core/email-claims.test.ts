import { describe, expect, it } from "vitest";
import {
  CLAIM_PREFIX,
  confirmationMail,
  EMAIL_VERIFICATIONS_PER_ADDRESS,
  EMAIL_VERIFICATIONS_PER_TICKET,
  isClaim,
  maskEmail,
  mayMailConfirmation,
  newClaimId,
  normalizeEmail,
} from "../../../src/core/email-claims";

describe("web-form email claims", () => {
  it("a submission's identity is a fresh claim, never an address", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newClaimId()));
    expect(ids.size).toBe(50);
    for (const id of ids) {
      expect(id.startsWith(CLAIM_PREFIX)).toBe(true);
      expect(isClaim(id)).toBe(true);
      expect(id).not.toContain("@");
    }
    expect(isClaim("alice@example.com")).toBe(false);
    expect(isClaim("12345")).toBe(false);
  });

  it("compares addresses case- and space-insensitively and masks them for display", () => {
    expect(normalizeEmail("  Alice.Zhang@Example.COM ")).toBe("alice.zhang@example.com");
    expect(maskEmail("alice@example.com")).toBe("a***e@example.com");
    expect(maskEmail("ab@example.com")).toBe("a***@example.com");
    expect(maskEmail("not-an-address")).toBe("***");
  });

  it("caps confirmation mails per address", () => {
    expect(mayMailConfirmation(0)).toBe(true);
    expect(mayMailConfirmation(EMAIL_VERIFICATIONS_PER_ADDRESS - 1)).toBe(true);
    expect(mayMailConfirmation(EMAIL_VERIFICATIONS_PER_ADDRESS)).toBe(false);
  });

  it("caps them per ticket too, below the address's cap", () => {
    expect(EMAIL_VERIFICATIONS_PER_TICKET).toBeLessThan(EMAIL_VERIFICATIONS_PER_ADDRESS);
    for (let forTicket = 0; forTicket <= EMAIL_VERIFICATIONS_PER_TICKET + 1; forTicket++) {
      for (let recent = forTicket; recent <= EMAIL_VERIFICATIONS_PER_ADDRESS + 1; recent++) {
        expect(mayMailConfirmation(recent, forTicket), `${recent} ${forTicket}`).toBe(
          recent < EMAIL_VERIFICATIONS_PER_ADDRESS && forTicket < EMAIL_VERIFICATIONS_PER_TICKET,
        );
      }
    }
  });

  it("the confirmation mail names the request and the link, says what confirming does, in zh and en", () => {
    const link = "https://support.example.com/verify-email/abc";
    for (const lang of ["en", "zh"] as const) {
      const mail = confirmationMail(lang, { ticketNumber: "RD-1042", link });
      expect(mail.text).toContain("RD-1042");
      expect(mail.text).toContain(link);
      expect(mail.text).toContain("24");
      // Nothing in the subject a reply could thread by.
      expect(mail.subject).not.toMatch(/RD-\d+/);
    }
    expect(confirmationMail("en", { ticketNumber: "RD-1", link }).text).toMatch(/ignore this email/);
    expect(confirmationMail("zh", { ticketNumber: "RD-1", link }).text).toMatch(/请忽略此邮件/);
  });
});
