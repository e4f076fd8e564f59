// The pure rules of bulk actions (src/core/bulk.ts) over generated tickets: all or nothing, the same
// transitions and tag limits as one ticket, merges of one customer unless an admin confirmed.
import { describe, expect, it } from "vitest";
import { type BulkAction, type BulkTarget, editTags, MAX_TICKET_TAGS, planBulk } from "../../../src/core/bulk";
import { canTransition, TICKET_STATUSES } from "../../../src/core/ticket";
import { mulberry32 as rng } from "../../support/random";

function target(r: () => number, i: number): BulkTarget {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  return {
    id: `tkt_${i}`,
    number: `RD-${1000 + i}`,
    status: pick(TICKET_STATUSES),
    assigneeId: pick([null, "stf_a", "stf_b"]),
    tags: Array.from({ length: Math.floor(r() * 22) }, (_, k) => `t${k}`),
    mergedIntoId: r() < 0.1 ? "tkt_x" : null,
    updatedAt: "2026-01-01T00:00:00.000Z",
    firstResponseAt: r() < 0.5 ? null : "2026-01-01T00:00:00.000Z",
    sameCustomerAsTarget: r() < 0.7,
  };
}

describe("planBulk", () => {
  it("generated: a request applies only when every ticket may take the action singly", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const targets = Array.from({ length: 1 + Math.floor(r() * 8) }, (_, i) => target(r, i));
      const status = TICKET_STATUSES[Math.floor(r() * TICKET_STATUSES.length)] ?? "open";
      const actions: BulkAction[] = [
        { type: "assign", staffId: r() < 0.5 ? null : "stf_c" },
        { type: "status", status },
        { type: "tag", add: ["vip", "t1"], remove: ["t0"] },
      ];
      for (const action of actions) {
        const confirmed = r() < 0.5;
        const plan = planBulk(action, targets, { confirmed, differentCustomersAllowed: false });
        const singly = targets.every(
          (t) =>
            !t.mergedIntoId &&
            (action.type !== "status" || canTransition(t.status, action.status)) &&
            (action.type !== "tag" || editTags(t.tags, action.add, action.remove).length <= MAX_TICKET_TAGS),
        );
        if (!singly) {
          expect(plan.kind, `seed ${seed} ${action.type}`).toBe("refused");
          continue;
        }
        const unanswered = targets.filter(
          (t) =>
            action.type === "status" && action.status === "resolved" && t.status !== "resolved" && !t.firstResponseAt,
        );
        if (unanswered.length && !confirmed) {
          expect(plan).toEqual({
            kind: "needs_confirmation",
            unanswered: unanswered.map((t) => ({ id: t.id, number: t.number })),
          });
          continue;
        }
        expect(plan.kind).toBe("update");
        if (plan.kind === "update") expect(plan.changes.map((c) => c.id)).toEqual(targets.map((t) => t.id));
      }
    }
  });

  it("merges only one customer's tickets unless allowed, never into a closed or merged ticket", () => {
    const base: BulkTarget = {
      id: "tkt_into",
      number: "RD-1",
      status: "open",
      assigneeId: null,
      tags: [],
      mergedIntoId: null,
      updatedAt: "x",
      firstResponseAt: null,
      sameCustomerAsTarget: true,
    };
    const other = { ...base, id: "tkt_b", number: "RD-2", sameCustomerAsTarget: false };
    const same = { ...base, id: "tkt_c", number: "RD-3" };
    const action: BulkAction = { type: "merge", intoTicketId: "tkt_into" };
    const opts = { confirmed: false, differentCustomersAllowed: false };
    expect(planBulk(action, [base, same], opts)).toEqual({ kind: "merge", intoId: "tkt_into", sourceIds: ["tkt_c"] });
    expect(planBulk(action, [base, same, other], opts)).toEqual({
      kind: "refused",
      ineligible: [{ id: "tkt_b", number: "RD-2", reason: "different_customers" }],
    });
    expect(planBulk(action, [base, other], { ...opts, differentCustomersAllowed: true }).kind).toBe("merge");
    expect(planBulk(action, [{ ...base, status: "closed" }, same], opts).kind).toBe("refused");
    expect(planBulk(action, [base, { ...same, mergedIntoId: "tkt_q" }], opts)).toMatchObject({
      ineligible: [{ reason: "already_merged" }],
    });
  });

  it("refuses a same-customer merge that nothing proves is one person's unless an admin confirmed", () => {
    const action: BulkAction = { type: "merge", intoTicketId: "tkt_into" };
    const opts = { confirmed: false, differentCustomersAllowed: false };
    const base = {
      id: "tkt_into",
      number: "RD-1",
      status: "open" as const,
      assigneeId: null,
      tags: [],
      mergedIntoId: null,
      updatedAt: "x",
      firstResponseAt: null,
    };
    const unproven = { ...base, id: "tkt_u", number: "RD-9", sameCustomerAsTarget: true, unprovenWithTarget: true };
    const proven = { ...base, id: "tkt_p", number: "RD-8", sameCustomerAsTarget: true, unprovenWithTarget: false };
    const into = { ...base, unprovenWithTarget: true };
    expect(planBulk(action, [into, proven, unproven], opts)).toEqual({
      kind: "refused",
      ineligible: [{ id: "tkt_u", number: "RD-9", reason: "unproven_sender" }],
    });
    expect(planBulk(action, [into, proven, unproven], { ...opts, differentCustomersAllowed: true })).toEqual({
      kind: "merge",
      intoId: "tkt_into",
      sourceIds: ["tkt_p", "tkt_u"],
    });
  });

  it("editTags keeps order, appends, drops removed and repeated tags", () => {
    expect(editTags(["a", "b", "c"], ["d", "a"], ["b"])).toEqual(["a", "c", "d"]);
    expect(editTags([], [], [])).toEqual([]);
  });
});
