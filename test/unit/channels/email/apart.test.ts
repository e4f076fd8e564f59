/** Which email may use a secret it carries (channels/email/apart.ts): every verdict × thread × history. */
import { describe, expect, it } from "vitest";
import { failedAuthMark, failedAuthOf } from "../../../../channels/email/apart";
import type { SenderAuth } from "../../../../channels/email/auth";
import type { EmailThreadTarget } from "../../../../src/pipeline/desk";

const AUTH: Record<SenderAuth["verdict"], SenderAuth> = {
  pass: { verified: true, verdict: "pass", summary: "dmarc=pass" },
  fail: { verified: false, verdict: "fail", summary: "dmarc=fail spf=softfail" },
  none: { verified: false, verdict: "none", summary: "no verdict" },
};
const THREADS = ["message-id", "plus-address", "subject", "active", "new"] as const;

function target(senderProven: boolean | undefined): EmailThreadTarget {
  return {
    ticketId: `tkt_${crypto.randomUUID().slice(0, 8)}`,
    conversationKey: "email:<x@y>#0",
    status: "open",
    ...(senderProven === undefined ? {} : { senderProven }),
  };
}

describe("failedAuthOf", () => {
  it("every combination: fail is always flagged and never keeps a secret's ticket; none only after a proven history", () => {
    const sender = `c${crypto.randomUUID().slice(0, 8)}@cust.test`;
    for (const verdict of ["pass", "fail", "none"] as const) {
      for (const threadedBy of THREADS) {
        for (const proven of [true, false, undefined]) {
          const t = threadedBy === "new" ? null : target(proven);
          const got = failedAuthOf(AUTH[verdict], sender, { target: t, threadedBy });
          const bySecret = threadedBy === "message-id" || threadedBy === "plus-address";
          const label = `${verdict} ${threadedBy} proven=${proven}`;
          if (verdict === "pass") expect(got, label).toBeNull();
          else if (verdict === "fail") {
            expect(got, label).toEqual({ claims: sender, keptApartFrom: bySecret ? t?.ticketId : null, why: "failed" });
          } else if (bySecret && proven) {
            expect(got, label).toEqual({ claims: sender, keptApartFrom: t?.ticketId, why: "downgrade" });
          } else expect(got, label).toBeNull();
        }
      }
    }
  });

  it("the mark names the claimed address and the verdicts", () => {
    const f = failedAuthOf(AUTH.fail, "x@cust.test", { target: null, threadedBy: "new" });
    expect(f && failedAuthMark(f, AUTH.fail.summary)).toBe(
      "[Failed authentication: claims to be x@cust.test; failed authentication (dmarc=fail spf=softfail)]",
    );
  });
});
