// The chat page's state logic: merging what HTTP, the socket and catch-ups bring (dedupe by id), pending
// messages settled by clientId, read receipts, unread counts, what survives a reload.
import { describe, expect, it } from "vitest";
import {
  fromStored,
  lastMessageId,
  mergeMessages,
  newClientId,
  type PendingMessage,
  readReceiptFor,
  settlePending,
  toStored,
  unreadCount,
} from "../../../src/widget/client/chat/state";
import type { ChatMessage } from "../../../src/widget/client/chat/types";

function msg(n: number, author: ChatMessage["author"] = "staff", extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${String(n).padStart(4, "0")}`,
    clientId: null,
    author,
    body: `body ${n}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    attachments: [],
    ...extra,
  };
}

function shuffle<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j] as T] = [out[j] as T, out[i] as T];
  }
  return out;
}

function pending(clientId: string, extra: Partial<PendingMessage> = {}): PendingMessage {
  return { clientId, text: "hi", files: [], createdAt: new Date().toISOString(), status: "sending", ...extra };
}

describe("mergeMessages", () => {
  it("keeps one copy per id, oldest first, whatever order and how often the copies arrive", () => {
    const all = Array.from({ length: 40 }, (_, i) => msg(i + 1, i % 3 === 0 ? "customer" : "staff"));
    // The session's page, socket frames, a catch-up overlapping both, duplicates everywhere, shuffled.
    const batches = [all.slice(0, 20), shuffle(all.slice(15, 30)), shuffle([...all.slice(25), ...all.slice(25)])];
    let list: ChatMessage[] = [];
    for (const b of shuffle(batches)) list = mergeMessages(list, b);
    for (const m of shuffle(all)) list = mergeMessages(list, [m]);
    expect(list.map((m) => m.id)).toEqual(all.map((m) => m.id));
  });

  it("lets the newer copy of a message replace the older (an edit or a late attachment)", () => {
    const first = msg(1);
    const list = mergeMessages([first, msg(2)], [{ ...first, body: "[redacted]" }]);
    expect(list).toHaveLength(2);
    expect(list[0]?.body).toBe("[redacted]");
  });

  it("orders messages of the same instant by id, and ignores junk frames", () => {
    const at = "2026-01-01T00:00:00.000Z";
    const list = mergeMessages(
      [],
      [
        msg(1, "staff", { id: "b", createdAt: at }),
        msg(2, "bot", { id: "a", createdAt: at }),
        null as unknown as ChatMessage,
      ],
    );
    expect(list.map((m) => m.id)).toEqual(["a", "b"]);
    expect(lastMessageId(list)).toBe("b");
    expect(lastMessageId([])).toBeNull();
  });

  it("puts a customer's message before the bot's answer written at the same instant, whatever their ids", () => {
    const at = "2026-01-01T00:00:00.000Z";
    for (let i = 0; i < 50; i++) {
      const [q, a] = [crypto.randomUUID(), crypto.randomUUID()];
      const both = [
        msg(1, "customer", { id: `msg_${q}`, createdAt: at }),
        msg(2, "bot", { id: `msg_${a}`, createdAt: at }),
      ];
      expect(mergeMessages([], shuffle(both)).map((m) => m.author)).toEqual(["customer", "bot"]);
      expect(mergeMessages([both[1] as ChatMessage], [both[0] as ChatMessage]).map((m) => m.author)).toEqual([
        "customer",
        "bot",
      ]);
    }
  });
});

describe("pending messages", () => {
  it("are settled by the clientId the server echoes, from any source, and only those", () => {
    const ids = Array.from({ length: 10 }, () => newClientId());
    const waiting = ids.map((id) => pending(id));
    const stored = shuffle(ids.slice(0, 6)).map((id, i) => msg(i, "customer", { clientId: id }));
    const left = settlePending(waiting, [...stored, msg(99, "staff")]);
    expect(left.map((p) => p.clientId)).toEqual(ids.slice(6));
  });

  it("get fresh, valid, distinct client ids", () => {
    const ids = new Set(Array.from({ length: 500 }, () => newClientId()));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it("survive a reload with their clientId (text and actions; files and failures are not kept)", () => {
    const kept = [pending("caaaaaaaaaaaa1"), pending("caaaaaaaaaaaa2", { text: "", action: "human" })];
    const dropped = [
      pending("caaaaaaaaaaaa3", { status: "failed", error: "validation_failed" }),
      pending("caaaaaaaaaaaa4", { text: "", files: [new File(["x"], "a.png")] }),
    ];
    const back = fromStored(JSON.stringify(toStored([...kept, ...dropped])));
    expect(back.map((p) => [p.clientId, p.text, p.action ?? null, p.status])).toEqual([
      ["caaaaaaaaaaaa1", "hi", null, "sending"],
      ["caaaaaaaaaaaa2", "", "human", "sending"],
    ]);
  });

  it("read back from junk storage as nothing, never an exception", () => {
    for (const junk of [null, "", "{", "42", '{"a":1}', '[null,1,"x",{"clientId":"short","text":"a"}]', "[{}]"]) {
      expect(fromStored(junk)).toEqual([]);
    }
  });
});

describe("read receipts and unread", () => {
  it('put "Read" under the newest customer message staff had read by then', () => {
    const list = [msg(1, "customer"), msg(2, "bot"), msg(3, "customer"), msg(4, "staff"), msg(5, "customer")];
    expect(readReceiptFor(list, null)).toBeNull();
    expect(readReceiptFor(list, msg(3).createdAt)).toBe(msg(3).id);
    expect(readReceiptFor(list, msg(4).createdAt)).toBe(msg(3).id);
    expect(readReceiptFor(list, "2099-01-01T00:00:00.000Z")).toBe(msg(5).id);
    expect(readReceiptFor(list, "2000-01-01T00:00:00.000Z")).toBeNull();
  });

  it("count staff and bot messages after the last one seen, never the visitor's own", () => {
    const list = [msg(1, "bot"), msg(2, "customer"), msg(3, "staff"), msg(4, "customer"), msg(5, "staff")];
    expect(unreadCount(list, null)).toBe(3);
    expect(unreadCount(list, msg(2).id)).toBe(2);
    expect(unreadCount(list, msg(5).id)).toBe(0);
    expect(unreadCount(list, "gone")).toBe(3);
  });
});
