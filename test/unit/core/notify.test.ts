import { describe, expect, it } from "vitest";
import type { FeedEvent } from "../../../src/core/channel";
import {
  decideNotification,
  defaultNotifySettings,
  NOTIFY_KINDS,
  type NotifyKind,
  type NotifySettings,
  notifyKindFor,
} from "../../../src/core/notify";

const me = "stf_me";
const other = "stf_other";
const rnd = () => crypto.randomUUID().slice(0, 8);

function settings(on: Partial<Record<"desktop" | "sound", NotifyKind[]>>): NotifySettings {
  const s = defaultNotifySettings();
  for (const k of on.desktop ?? []) s.desktop[k] = true;
  for (const k of on.sound ?? []) s.sound[k] = true;
  return s;
}

const newTicket = (actorId?: string): FeedEvent => ({
  ...(actorId ? { actorId } : {}),
  type: "ticket.created",
  ticketId: `tkt_${rnd()}`,
  messageId: `msg_${rnd()}`,
  direction: "in",
  author: "customer",
});
const reply = (assigneeId: string | null | undefined): FeedEvent => ({
  type: "message.created",
  ticketId: `tkt_${rnd()}`,
  messageId: `msg_${rnd()}`,
  direction: "in",
  author: "customer",
  ...(assigneeId !== undefined ? { assigneeId } : {}),
});
const mention = (toStaffId: string, actorId = other): FeedEvent => ({
  type: "mention.created",
  toStaffId,
  ticketId: `tkt_${rnd()}`,
  ticketNumber: "RD-1",
  messageId: `msg_${rnd()}`,
  actorId,
  actorName: "Other",
  snippet: "look",
});

describe("which event notifies whom", () => {
  it("by kind: new tickets, replies on my tickets, mentions of me, SLA breaches", () => {
    expect(notifyKindFor(newTicket(), me)).toBe("new_ticket");
    expect(notifyKindFor(reply(me), me)).toBe("customer_reply");
    expect(notifyKindFor(reply(other), me)).toBeNull();
    expect(notifyKindFor(reply(null), me)).toBeNull();
    expect(notifyKindFor(mention(me), me)).toBe("mention");
    expect(notifyKindFor(mention(other), me)).toBeNull();
    expect(
      notifyKindFor(
        { type: "sla.breached", ticketId: "tkt_1", ticketNumber: "RD-1", breach: "resolution", dueAt: "x" },
        me,
      ),
    ).toBe("sla_breach");
  });

  it("never for my own actions or for staff and bot messages, notes, updates", () => {
    expect(notifyKindFor(mention(me, me), me)).toBeNull();
    expect(notifyKindFor(newTicket(me), me)).toBeNull();
    const staffOut: FeedEvent = {
      type: "message.created",
      ticketId: "t",
      messageId: "m",
      direction: "out",
      author: "staff",
      actorId: me,
      assigneeId: me,
    };
    expect(notifyKindFor(staffOut, me)).toBeNull();
    expect(
      notifyKindFor(
        { type: "message.created", ticketId: "t", messageId: "m", direction: "note", author: "staff", assigneeId: me },
        me,
      ),
    ).toBeNull();
    expect(
      notifyKindFor({ type: "ticket.updated", ticketId: "t", changes: ["assigneeId"], assigneeId: me }, me),
    ).toBeNull();
  });

  it("a reply without the assignee in the event asks the tab's list", () => {
    const e = reply(undefined);
    expect(notifyKindFor(e, me, { assigneeOf: () => me })).toBe("customer_reply");
    expect(notifyKindFor(e, me, { assigneeOf: () => other })).toBeNull();
    expect(notifyKindFor(e, me)).toBeNull();
  });

  it("each switch alone decides its channel; all off means no notification (generated)", () => {
    const events: Array<[FeedEvent, NotifyKind]> = [
      [newTicket(), "new_ticket"],
      [reply(me), "customer_reply"],
      [mention(me), "mention"],
      [
        { type: "sla.breached", ticketId: "tkt_x", ticketNumber: "RD-2", breach: "first_response", dueAt: "x" },
        "sla_breach",
      ],
    ];
    for (let i = 0; i < 200; i++) {
      const desktop = NOTIFY_KINDS.filter(() => Math.random() < 0.5);
      const sound = NOTIFY_KINDS.filter(() => Math.random() < 0.5);
      const s = settings({ desktop, sound });
      for (const [event, kind] of events) {
        const d = decideNotification({ ...event, seq: i }, me, s);
        const want = { desktop: desktop.includes(kind), sound: sound.includes(kind) };
        if (!want.desktop && !want.sound) expect(d).toBeNull();
        else expect(d).toMatchObject({ kind, ...want });
      }
    }
    expect(decideNotification(newTicket(), me, defaultNotifySettings())).toBeNull();
  });

  it("the same event replayed (another seq) has the same key", () => {
    const s = settings({ desktop: ["mention", "sla_breach"] });
    const e = mention(me);
    const a = decideNotification({ ...e, seq: 3 }, me, s);
    const b = decideNotification({ ...e, seq: 9 }, me, s);
    expect(a?.key).toBe(b?.key);
    const breach: FeedEvent = {
      type: "sla.breached",
      ticketId: "t1",
      ticketNumber: "RD-1",
      breach: "resolution",
      dueAt: "x",
    };
    expect(decideNotification({ ...breach, seq: 1 }, me, s)?.key).toBe(
      decideNotification({ ...breach, seq: 2 }, me, s)?.key,
    );
    expect(decideNotification(mention(me), me, s)?.key).not.toBe(a?.key);
  });
});
