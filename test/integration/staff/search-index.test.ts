/**
 * What the search index holds per ticket (rows written, issue 16): a subject that is only the first line of the
 * first message gets no document of its own (the message's holds its words), a subject the customer gave does,
 * and a subject changed later (a secret redacted from it, src/store/thread.ts) is indexed as it now reads.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inbound, ingest } from "../pipeline/builders";
import { BOOTSTRAP, call } from "./helpers";

const word = () => `zq${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;

async function search(q: string): Promise<string[]> {
  const res = await call("GET", `/api/staff/tickets?q=${encodeURIComponent(q)}`, { token: BOOTSTRAP });
  expect(res.status).toBe(200);
  return ((await res.json()) as { tickets: Array<{ id: string }> }).tickets.map((t) => t.id);
}

async function subjectDocs(ticketId: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT f.text FROM search_docs d JOIN search_fts f ON f.rowid = d.id WHERE d.doc_id = 't:' || ?1",
  )
    .bind(ticketId)
    .all<{ text: string }>();
  return results.map((r) => r.text);
}

describe("the search index per ticket", () => {
  it("a subject taken from the message's first line has no document of its own and is still found", async () => {
    const w = word();
    const { ticketId } = await ingest(inbound({ channel: "telegram", text: `Withdrawal ${w} stuck\nsince noon` }));
    expect(await subjectDocs(ticketId)).toEqual([]);
    expect(await search(w)).toEqual([ticketId]);
  });

  it("a subject the customer gave is indexed on its own, so its words find the ticket", async () => {
    const w = word();
    const { ticketId } = await ingest(
      inbound({ channel: "webform", subject: `Login ${w} problem`, text: "I cannot sign in since yesterday" }),
    );
    expect(await subjectDocs(ticketId)).toEqual([`Login ${w} problem`]);
    expect(await search(w)).toEqual([ticketId]);
  });

  it("a changed subject is indexed as it now reads, whether or not it had a document", async () => {
    const [before, after, again] = [word(), word(), word()];
    const { ticketId } = await ingest(inbound({ channel: "telegram", text: `Deposit ${before}` }));
    const rename = (to: string) =>
      env.DB.prepare("UPDATE tickets SET subject = ?2 WHERE id = ?1").bind(ticketId, to).run();
    await rename(`Deposit ${after}`);
    expect(await subjectDocs(ticketId)).toEqual([`Deposit ${after}`]);
    expect(await search(after)).toEqual([ticketId]);
    await rename(`Deposit ${again}`);
    expect(await subjectDocs(ticketId)).toEqual([`Deposit ${again}`]);
    expect(await search(again)).toEqual([ticketId]);
    expect(await search(after)).toEqual([]);
    const orphans = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM search_docs d LEFT JOIN search_fts f ON f.rowid = d.id WHERE f.rowid IS NULL",
    ).first<{ n: number }>();
    expect(orphans?.n).toBe(0);
  });
});
