import { describe, expect, it } from "vitest";
import { skeleton } from "../../../src/core/lookalike";
import { normalizeOfficialValue, type OfficialHandle, readQuery, verifyHandle } from "../../../src/core/verify";
import { verifyAnswer, verifyReminder, withVerifyReminder } from "../../../src/core/verify-texts";

const LIST: OfficialHandle[] = [
  { kind: "telegram", value: "relaydesk_support", label: "Support bot" },
  { kind: "discord_server", value: "1100000000000000777" },
  { kind: "discord_user", value: "1100000000000000888" },
  { kind: "discord_invite", value: "RelayDesk" },
  { kind: "email", value: "help@relaydesk.io" },
  { kind: "domain", value: "relaydesk.com" },
];

const verdict = (q: string) => verifyHandle(LIST, q).verdict;

describe("readQuery normalises every way of writing a handle", () => {
  it.each([
    "@relaydesk_support",
    "relaydesk_support",
    "t.me/relaydesk_support",
    "https://t.me/relaydesk_support",
    "https://telegram.me/RelayDesk_Support/",
    "tg://resolve?domain=relaydesk_support",
    "  @RELAYDESK_SUPPORT  ",
    "＠ｒｅｌａｙｄｅｓｋ＿ｓｕｐｐｏｒｔ", // full-width: NFKC folds it
    "@relay\u200bdesk_support", // a zero-width space inside
  ])("%s is the official Telegram account", (q) => {
    const r = verifyHandle(LIST, q);
    expect(r.verdict).toBe("official");
    expect(r.entry?.kind).toBe("telegram");
  });

  it("reads Discord invites (case kept), server links and user ids", () => {
    expect(readQuery("https://discord.gg/RelayDesk")).toEqual([{ kind: "discord_invite", value: "RelayDesk" }]);
    expect(readQuery("discord.com/invite/RelayDesk")).toEqual([{ kind: "discord_invite", value: "RelayDesk" }]);
    expect(verdict("discord.gg/RelayDesk")).toBe("official");
    // Invite codes are case-sensitive: another case is another invite.
    expect(verdict("discord.gg/relaydesk")).not.toBe("official");
    expect(verdict("https://discord.com/channels/1100000000000000777/123456789012345678")).toBe("official");
    expect(verdict("1100000000000000888")).toBe("official");
    expect(verdict("https://discord.com/users/1100000000000000888")).toBe("official");
    expect(verdict("1100000000000000999")).toBe("not_official");
  });

  it("tells email addresses from domains, and subdomains from lookalike suffixes", () => {
    expect(verdict("help@relaydesk.io")).toBe("official");
    expect(verdict("mailto:HELP@RelayDesk.io")).toBe("official");
    // Not listed, and it uses our name: a lookalike (never ours).
    expect(verdict("someone@relaydesk.io")).toBe("lookalike");
    expect(verdict("billing@relaydesk.com")).toBe("official"); // an address at an official domain
    expect(verdict("https://www.relaydesk.com/login")).toBe("official");
    expect(verdict("support.relaydesk.com")).toBe("official");
    expect(verdict("relaydesk.com.evil.io")).toBe("lookalike");
    expect(verdict("https://relaydesk.co")).toBe("lookalike");
    expect(verdict("https://example.org")).toBe("not_official");
  });
});

describe("lookalikes are never ours", () => {
  it.each([
    ["@re1aydesk_support", "a digit one for an l"],
    ["@relaydesk_supp0rt", "a zero for an o"],
    ["@relаydesk_support", "a Cyrillic а"],
    ["@relaydesk__support", "a doubled separator"],
    ["@relaydesk_support_help", "our name plus a suffix"],
    ["https://t.me/reIaydesk_support", "a capital I for an l"],
    ["https://re1aydesk.com/login", "a lookalike domain"],
    ["help@relaydesk-support.io", "our name in a strange domain"],
  ])("%s (%s)", (q) => {
    const r = verifyHandle(LIST, q);
    expect(r.verdict).toBe("lookalike");
    expect(r.entry).not.toBeNull();
  });

  it("an unrelated handle is simply not ours", () => {
    expect(verdict("@alice_trader")).toBe("not_official");
    expect(verdict("random.org")).toBe("not_official");
  });

  it("nothing to check is invalid", () => {
    expect(verdict("")).toBe("invalid");
    expect(verdict("   ")).toBe("invalid");
    expect(verdict("hello there friend")).toBe("invalid");
  });

  it("skeleton folds confusables", () => {
    expect(skeleton("rnoney")).toBe(skeleton("money"));
    expect(skeleton("Relаy_Desk")).toBe("relaydesk");
    expect(skeleton("0ne")).toBe(skeleton("one"));
  });
});

describe("normalizeOfficialValue (the admin list)", () => {
  it("stores one normal form whatever the admin pasted", () => {
    expect(normalizeOfficialValue("telegram", "https://t.me/RelayDesk_Support")).toBe("relaydesk_support");
    expect(normalizeOfficialValue("telegram", "@relaydesk_support")).toBe("relaydesk_support");
    expect(normalizeOfficialValue("domain", "https://www.RelayDesk.com/")).toBe("relaydesk.com");
    expect(normalizeOfficialValue("email", "Help@RelayDesk.io")).toBe("help@relaydesk.io");
    expect(normalizeOfficialValue("discord_invite", "https://discord.gg/RelayDesk")).toBe("RelayDesk");
    expect(normalizeOfficialValue("discord_server", "1100000000000000777")).toBe("1100000000000000777");
  });

  it("refuses what cannot be that kind (and non-ASCII lookalikes)", () => {
    expect(normalizeOfficialValue("telegram", "@relаydesk")).toBeNull(); // Cyrillic а
    expect(normalizeOfficialValue("discord_server", "relaydesk")).toBeNull();
    expect(normalizeOfficialValue("email", "not an email")).toBeNull();
    expect(normalizeOfficialValue("domain", "localhost")).toBeNull();
  });
});

describe("answers and the reminder", () => {
  it("answers in the customer's language", () => {
    expect(verifyAnswer("en", verifyHandle(LIST, "@relaydesk_support"))).toContain("is our official Telegram account");
    expect(verifyAnswer("zh", verifyHandle(LIST, "@relaydesk_support"))).toContain("官方");
    expect(verifyAnswer("en", verifyHandle(LIST, "@re1aydesk_support"))).toContain("NOT ours");
    expect(verifyAnswer("zh", verifyHandle(LIST, "@someone_else"))).toContain("不在我们的官方账号列表中");
  });

  it("appends the reminder once, as the last line", () => {
    const once = withVerifyReminder("en", "Hello", "https://help.example.com/");
    expect(once.endsWith(verifyReminder("en", "https://help.example.com"))).toBe(true);
    expect(once).toContain("https://help.example.com/verify");
    expect(withVerifyReminder("en", once, "https://help.example.com/")).toBe(once);
    expect(withVerifyReminder("zh", "你好")).toMatch(/防骗提示.*\/verify$/);
  });
});
