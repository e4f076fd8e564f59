import { describe, expect, it } from "vitest";
import {
  ARCHIVE_EXCERPT_CHARS,
  ARCHIVE_IDS_CHARS,
  ARCHIVED_TABLES,
  type ArchiveDoc,
  archiveSearchText,
  chunkRows,
  parseArchiveDoc,
} from "../../../src/core/archive";

function doc(over: Partial<ArchiveDoc["tables"]> = {}): ArchiveDoc {
  const tables = Object.fromEntries(ARCHIVED_TABLES.map((t) => [t, []])) as unknown as ArchiveDoc["tables"];
  return {
    version: 1,
    ticketId: "tkt_1",
    writtenAt: "2026-01-01T00:00:00.000Z",
    ticket: { id: "tkt_1" },
    tables: { ...tables, ...over },
    detached: { email_inbound: [], csat_surveys: [], replies: [] },
  };
}

describe("parseArchiveDoc", () => {
  it("accepts its own documents and refuses another ticket's, bad JSON and column names that are not plain", () => {
    const ok = doc({ messages: [{ id: "m1", ticket_id: "tkt_1", body: "hi" }] });
    expect(parseArchiveDoc(JSON.stringify(ok), "tkt_1")).toEqual(ok);
    expect(parseArchiveDoc(JSON.stringify(ok), "tkt_2")).toBeNull();
    expect(parseArchiveDoc("{not json", "tkt_1")).toBeNull();
    for (const col of ['id") VALUES (1); DROP TABLE tickets; --', "Body", "a b", "", "x'"]) {
      const bad = doc({ messages: [{ id: "m1", ticket_id: "tkt_1", [col]: 1 }] });
      expect(parseArchiveDoc(JSON.stringify(bad), "tkt_1")).toBeNull();
    }
    // A message of another ticket smuggled into the document.
    const foreign = doc({ messages: [{ id: "m1", ticket_id: "tkt_9", body: "x" }] });
    expect(parseArchiveDoc(JSON.stringify(foreign), "tkt_1")).toBeNull();
    // Rows of one table with different columns.
    const ragged = doc({ attachments: [{ id: "a" }, { id: "b", extra: 1 }] });
    expect(parseArchiveDoc(JSON.stringify(ragged), "tkt_1")).toBeNull();
  });
});

const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");

describe("archiveSearchText", () => {
  it("keeps entities and emails first, then the customer's opening words, leaves the bot and notes out, stays small", () => {
    const txid = `0x${hex(64)}`;
    const email = `u${hex(6)}@Example-${hex(3)}.com`;
    const opening = `My deposit ${hex(8)} has not arrived`;
    const upper = txid.toUpperCase();
    const text = archiveSearchText(
      doc({
        ticket_entities: [
          { kind: "txid", value: txid },
          { kind: "amount", value: "500 USDT" },
          { kind: "order_id", value: "ORD-77" },
        ],
        messages: [
          { id: "1", ticket_id: "tkt_1", author: "bot", direction: "out", body: "BOTTEXT" },
          {
            id: "2",
            ticket_id: "tkt_1",
            author: "customer",
            direction: "in",
            body: `${opening}, TxID ${upper}, write ${email}.`,
          },
          { id: "3", ticket_id: "tkt_1", author: "staff", direction: "note", body: "NOTETEXT" },
          { id: "4", ticket_id: "tkt_1", author: "customer", direction: "in", body: "提现".repeat(5000) },
        ],
      }),
    );
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual([txid, "ORD-77", email.toLowerCase()]);
    expect(lines[3]?.startsWith(`${opening}, TxID , write .`)).toBe(true);
    expect(text.split(txid)).toHaveLength(2);
    expect([...(lines[3] ?? "")]).toHaveLength(ARCHIVE_EXCERPT_CHARS);
    for (const left of ["BOTTEXT", "NOTETEXT", "500 USDT"]) expect(text).not.toContain(left);
  });

  it("bounds the identifiers however many there are, whole values only", () => {
    const many = Array.from({ length: 200 }, () => ({ kind: "txid", value: hex(64) }));
    const text = archiveSearchText(doc({ ticket_entities: many }));
    const ids = text.split("\n");
    expect(ids.length).toBeGreaterThan(5);
    expect(text.length).toBeLessThanOrEqual(ARCHIVE_IDS_CHARS);
    for (const id of ids) expect(many.some((e) => e.value === id)).toBe(true);
  });
});

describe("chunkRows", () => {
  it("splits rows in order under the byte bound, losing none", () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: `m${i}`, body: "x".repeat((i * 37) % 400) }));
    const chunks = chunkRows(rows, 4096);
    expect(chunks.flat()).toEqual(rows);
    for (const c of chunks) expect(c.length === 1 || JSON.stringify(c).length <= 4096).toBe(true);
  });
});
