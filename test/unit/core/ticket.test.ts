import { describe, expect, it } from "vitest";
import {
  canTransition,
  decideThread,
  formatTicketNumber,
  parseTicketNumber,
  statusAfterCustomerMessage,
  statusAfterStaffReply,
  subjectFromText,
  type ThreadCandidate,
  TICKET_STATUSES,
  type TicketStatus,
} from "../../../src/core/ticket";

const DAY = 86_400_000;
const NOW = new Date("2026-08-15T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const candidate = (status: TicketStatus, resolvedAt: string | null = null): ThreadCandidate => ({
  id: "tkt_1",
  status,
  resolvedAt,
});

describe("decideThread", () => {
  it("opens a new ticket on a conversation without one", () => {
    expect(decideThread(null, NOW)).toEqual({ action: "new" });
  });

  it.each(["new", "open", "pending"] as const)("appends to an active (%s) ticket", (status) => {
    expect(decideThread(candidate(status), NOW)).toEqual({ action: "append", ticketId: "tkt_1" });
  });

  it("reopens a ticket resolved within the window", () => {
    expect(decideThread(candidate("resolved", ago(DAY)), NOW, 7)).toEqual({ action: "reopen", ticketId: "tkt_1" });
    expect(decideThread(candidate("resolved", ago(0)), NOW, 7)).toEqual({ action: "reopen", ticketId: "tkt_1" });
  });

  it("still reopens at exactly the window's end, and not one millisecond later", () => {
    expect(decideThread(candidate("resolved", ago(7 * DAY)), NOW, 7)).toEqual({ action: "reopen", ticketId: "tkt_1" });
    expect(decideThread(candidate("resolved", ago(7 * DAY + 1)), NOW, 7)).toEqual({ action: "new" });
  });

  it("opens a new ticket after the window", () => {
    expect(decideThread(candidate("resolved", ago(30 * DAY)), NOW, 7)).toEqual({ action: "new" });
  });

  it("honours the configured window and defaults to 7 days", () => {
    expect(decideThread(candidate("resolved", ago(2 * DAY)), NOW, 1)).toEqual({ action: "new" });
    expect(decideThread(candidate("resolved", ago(2 * DAY)), NOW, 3)).toEqual({ action: "reopen", ticketId: "tkt_1" });
    expect(decideThread(candidate("resolved", ago(6 * DAY)), NOW)).toEqual({ action: "reopen", ticketId: "tkt_1" });
    expect(decideThread(candidate("resolved", ago(8 * DAY)), NOW)).toEqual({ action: "new" });
  });

  it("never reopens a closed ticket, however recent", () => {
    expect(decideThread(candidate("closed", ago(1000)), NOW)).toEqual({ action: "new" });
    expect(decideThread(candidate("closed", null), NOW)).toEqual({ action: "new" });
  });

  it("opens a new ticket when a resolved ticket has no resolvedAt", () => {
    expect(decideThread(candidate("resolved", null), NOW)).toEqual({ action: "new" });
  });
});

describe("canTransition", () => {
  // Rows: from; columns: to, in TICKET_STATUSES order (new, open, pending, resolved, closed).
  const MATRIX: Record<TicketStatus, boolean[]> = {
    new: [true, true, true, true, true],
    open: [false, true, true, true, true],
    pending: [false, true, true, true, true],
    resolved: [false, true, true, true, true],
    closed: [false, false, false, false, true],
  };

  for (const from of TICKET_STATUSES) {
    for (const [i, to] of TICKET_STATUSES.entries()) {
      const allowed = MATRIX[from][i];
      it(`${from} -> ${to} is ${allowed ? "allowed" : "refused"}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
      });
    }
  }

  it("treats closed as final: nothing leaves it", () => {
    const leaving = TICKET_STATUSES.filter((to) => to !== "closed" && canTransition("closed", to));
    expect(leaving).toEqual([]);
  });
});

describe("statusAfterCustomerMessage", () => {
  it("keeps a new ticket new and makes a waiting or resolved one open", () => {
    expect(statusAfterCustomerMessage("new")).toBe("new");
    expect(statusAfterCustomerMessage("open")).toBe("open");
    expect(statusAfterCustomerMessage("pending")).toBe("open");
    expect(statusAfterCustomerMessage("resolved")).toBe("open");
  });
});

describe("statusAfterStaffReply", () => {
  it("puts new and open tickets in pending and leaves the others alone", () => {
    expect(statusAfterStaffReply("new")).toBe("pending");
    expect(statusAfterStaffReply("open")).toBe("pending");
    expect(statusAfterStaffReply("pending")).toBe("pending");
    expect(statusAfterStaffReply("resolved")).toBe("resolved");
    expect(statusAfterStaffReply("closed")).toBe("closed");
  });
});

describe("ticket numbers", () => {
  it("formats as RD-<n>", () => {
    expect(formatTicketNumber(1042)).toBe("RD-1042");
    expect(formatTicketNumber(1001)).toBe("RD-1001");
  });

  it.each([
    ["RD-1042", 1042],
    ["rd-1042", 1042],
    ["Rd-1042", 1042],
    ["#1042", 1042],
    ["1042", 1042],
    ["  RD-1042 \n", 1042],
    ["123456789", 123456789],
  ])("parses %j as %i", (text, n) => {
    expect(parseTicketNumber(text)).toBe(n);
  });

  it.each([
    "",
    "RD-",
    "RD1042",
    "RD 1042",
    "RD-10a",
    "ticket 1042",
    "RD-1042 please",
    "#-1042",
    "1234567890",
    "RD-１０４２",
  ])("refuses %j", (text) => {
    expect(parseTicketNumber(text)).toBeNull();
  });

  it("round-trips", () => {
    for (const n of [1, 1001, 99_999, 123_456_789]) expect(parseTicketNumber(formatTicketNumber(n))).toBe(n);
  });
});

describe("subjectFromText", () => {
  it("uses the first line, trimmed", () => {
    expect(subjectFromText("  Deposit missing  \nI sent 100 USDT yesterday")).toBe("Deposit missing");
    expect(subjectFromText("Withdrawal stuck\r\nTxID 0xabc")).toBe("Withdrawal stuck");
    expect(subjectFromText("\n\n  Login fails\nsecond")).toBe("Login fails");
    expect(subjectFromText("我的提现没到账\n请帮忙")).toBe("我的提现没到账");
  });

  it("falls back to a placeholder for empty or blank text", () => {
    expect(subjectFromText("")).toBe("(no subject)");
    expect(subjectFromText("   \n \r\n\t")).toBe("(no subject)");
  });

  it("cuts a long first line to the maximum, ending with an ellipsis", () => {
    const long = "a".repeat(500);
    const subject = subjectFromText(long);
    expect(subject).toHaveLength(120);
    expect(subject).toBe(`${"a".repeat(119)}…`);
    expect(subjectFromText("abcdefghij", 5)).toBe("abcd…");
  });

  it("leaves a first line of exactly the maximum alone", () => {
    const exact = "b".repeat(120);
    expect(subjectFromText(exact)).toBe(exact);
    expect(subjectFromText(`${exact}\nmore`)).toBe(exact);
  });
});
