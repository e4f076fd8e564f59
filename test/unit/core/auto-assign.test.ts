// Auto-assign's round-robin choice (src/core/auto-assign.ts) over generated online sets: each candidate
// once, starting after the last pick and wrapping round, skipping those at the cap; repeated picks
// share tickets evenly.
import { describe, expect, it } from "vitest";
import { type AssignCandidate, roundRobinOrder } from "../../../src/core/auto-assign";

function rand(n: number): number {
  return Math.floor(Math.random() * n);
}

function staffId(): string {
  return `stf_${Math.random().toString(36).slice(2, 10)}${rand(1000)}`;
}

function candidates(n: number, maxOpen = 5): AssignCandidate[] {
  const ids = new Set<string>();
  while (ids.size < n) ids.add(staffId());
  return [...ids].map((id) => ({ staffId: id, open: rand(maxOpen + 1) }));
}

describe("roundRobinOrder", () => {
  it("offers every candidate once, starting right after the last pick, wrapping round (generated sets)", () => {
    for (let run = 0; run < 200; run++) {
      const list = candidates(1 + rand(8));
      const ring = list.map((c) => c.staffId).sort();
      const lastAt = rand(ring.length);
      const order = roundRobinOrder(list, { last: ring[lastAt] ?? null, cap: null });
      expect([...order].sort()).toEqual(ring);
      expect(order[0]).toBe(ring[(lastAt + 1) % ring.length]);
      // The last pick comes last: it is offered again only when nobody else can take the ticket.
      expect(order[order.length - 1]).toBe(ring[lastAt]);
    }
  });

  it("starts at the ring's start without a pointer, and after a departed pick at the next id in the ring", () => {
    const list = [
      { staffId: "stf_b", open: 0 },
      { staffId: "stf_d", open: 0 },
      { staffId: "stf_a", open: 0 },
    ];
    expect(roundRobinOrder(list, { last: null, cap: null })).toEqual(["stf_a", "stf_b", "stf_d"]);
    // stf_c went offline after its pick: the next one after it is stf_d.
    expect(roundRobinOrder(list, { last: "stf_c", cap: null })).toEqual(["stf_d", "stf_a", "stf_b"]);
    // A pointer past the end wraps to the start.
    expect(roundRobinOrder(list, { last: "stf_z", cap: null })).toEqual(["stf_a", "stf_b", "stf_d"]);
  });

  it("leaves out whoever is at or over the cap, and nobody is left when all are", () => {
    for (let run = 0; run < 200; run++) {
      const list = candidates(1 + rand(8), 6);
      const cap = 1 + rand(6);
      const order = roundRobinOrder(list, { last: null, cap });
      const under = list.filter((c) => c.open < cap).map((c) => c.staffId);
      expect([...order].sort()).toEqual(under.sort());
    }
    const full = [
      { staffId: "stf_a", open: 3 },
      { staffId: "stf_b", open: 4 },
    ];
    expect(roundRobinOrder(full, { last: null, cap: 3 })).toEqual([]);
    expect(roundRobinOrder([], { last: "stf_a", cap: null })).toEqual([]);
  });

  it("ignores duplicate and empty ids (one socket per tab, several tabs per agent)", () => {
    const list = [
      { staffId: "stf_a", open: 0 },
      { staffId: "stf_a", open: 0 },
      { staffId: "", open: 0 },
      { staffId: "stf_b", open: 0 },
    ];
    expect(roundRobinOrder(list, { last: null, cap: null })).toEqual(["stf_a", "stf_b"]);
  });

  it("shares N tickets evenly when each pick becomes the pointer (no cap)", () => {
    for (let run = 0; run < 50; run++) {
      const list = candidates(1 + rand(6), 0);
      const rounds = 1 + rand(5);
      const counts = new Map<string, number>();
      let last: string | null = null;
      for (let i = 0; i < rounds * list.length; i++) {
        const pick: string | null = roundRobinOrder(list, { last, cap: null })[0] ?? null;
        expect(pick).not.toBeNull();
        if (list.length > 1) expect(pick).not.toBe(last);
        counts.set(pick as string, (counts.get(pick as string) ?? 0) + 1);
        last = pick;
      }
      expect([...counts.values()]).toEqual(list.map(() => rounds));
    }
  });
});
