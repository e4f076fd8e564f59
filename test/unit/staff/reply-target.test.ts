// Where the inbox sends a reply on a ticket merged from several customers' tickets (src/staff/ui/client/reply-target.ts):
// the conversation shown when the draft began stays the target whatever other customers write meanwhile. Generated
// tickets; the seed is printed (`ATTACK_SEED=<seed>` replays).
import { describe, expect, it } from "vitest";
import { replyTargetFields, replyTargetOf } from "../../../src/staff/ui/client/reply-target";
import type { TicketDetail } from "../../../src/staff/ui/client/types";
import { mulberry32, seedFrom } from "../../support/random";

const seed = seedFrom("ATTACK_SEED");
console.info(`reply-target seed: ${seed} (replay with ATTACK_SEED=${seed})`);
const next = mulberry32(seed);
const int = (n: number) => Math.floor(next() * n);

function ticket(conversations: number) {
  const ids = Array.from({ length: conversations }, (_, i) => `tkt_${seed}_${i}`);
  const messages: Array<{ id: string; direction: "in" | "out"; originTicketId: string }> = [];
  const detail = {
    ticket: {
      id: ids[0],
      conversations: ids.map((ticketId, i) => ({ ticketId, number: `RD-${i + 1}`, channel: "webform", contact: {} })),
    },
    messages,
  } as unknown as TicketDetail;
  const write = (conv: string, direction: "in" | "out" = "in") => {
    const id = `msg_${messages.length}_${int(1e9)}`;
    messages.push({ id, direction, originTicketId: conv });
    return id;
  };
  return { ids, detail, write };
}

describe("the inbox's reply target on a merged ticket", () => {
  it("stays the conversation the draft began with while others write", () => {
    for (let round = 0; round < 200; round++) {
      const { ids, detail, write } = ticket(2 + int(3));
      for (let i = 0; i < 1 + int(5); i++) write(ids[int(ids.length)] as string, next() < 0.8 ? "in" : "out");
      const shown = replyTargetOf(detail, { replyTo: null, pinned: null });
      expect(shown).not.toBeNull();
      const pinned = shown?.ticketId ?? null;
      // Another customer writes (one or more times) while the agent types.
      const others = ids.filter((id) => id !== pinned);
      for (let i = 0; i < 1 + int(3); i++) write(others[int(others.length)] as string);
      expect(replyTargetOf(detail, { replyTo: null, pinned })?.ticketId, `round ${round}`).toBe(pinned);
      expect(replyTargetFields(detail, { replyTo: null, pinned })).toEqual({ conversationId: pinned });
      // Unpinned (no draft yet), the box shows the latest customer message's conversation.
      const latest = detail.messages.filter((m) => m.direction === "in").at(-1)?.originTicketId;
      expect(replyTargetOf(detail, { replyTo: null, pinned: null })?.ticketId).toBe(latest);
      // A message chosen with "Reply to this" wins over the pin, and is sent as that message.
      const chosen = detail.messages.filter((m) => m.direction === "in")[0];
      expect(replyTargetOf(detail, { replyTo: chosen?.id ?? null, pinned })?.ticketId).toBe(chosen?.originTicketId);
      expect(replyTargetFields(detail, { replyTo: chosen?.id ?? null, pinned })).toEqual({
        replyToMessageId: chosen?.id,
      });
    }
  });

  it("ignores a pin that is no conversation of the ticket (the ticket changed under the draft)", () => {
    const { ids, detail, write } = ticket(2);
    write(ids[1] as string);
    expect(replyTargetOf(detail, { replyTo: null, pinned: `tkt_gone_${int(1e9)}` })?.ticketId).toBe(ids[1]);
  });
});
