import { describe, expect, it } from "vitest";
import {
  ARCHIVE_SEARCH_CHARS,
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

describe("archiveSearchText", () => {
  it("keeps entities first, leaves the bot out and stops at the bound", () => {
    const body = "提现".repeat(5000);
    const text = archiveSearchText(
      doc({
        ticket_entities: [{ kind: "txid", value: "0xabc" }],
        messages: [
          { id: "1", ticket_id: "tkt_1", author: "bot", body: "BOTTEXT" },
          { id: "2", ticket_id: "tkt_1", author: "customer", body },
        ],
      }),
    );
    expect(text.startsWith("0xabc\n提现")).toBe(true);
    expect(text).not.toContain("BOTTEXT");
    expect([...text]).toHaveLength(ARCHIVE_SEARCH_CHARS);
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
