/**
 * What the search index holds per ticket (rows written, issue 16): a subject that is only the first line of the
 * first message gets no document of its own (the message's holds its words), nor does a subject the customer gave
 * (the opening message's document holds it before its text), and a subject changed later (a secret redacted from
 * it, src/store/thread.ts) is indexed as it now reads, its old words gone from every document.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { messageDocRowid } from "../../../src/store/ticket-search";
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

/** The texts of the ticket's message documents. */
async function messageDocs(ticketId: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT f.text FROM messages m JOIN search_fts f ON f.rowid = ${messageDocRowid("m")}
      WHERE m.ticket_id = ?1 ORDER BY m.created_at`,
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

  it("a subject the customer gave is indexed in the opening message's document, so its words find the ticket", async () => {
    const w = word();
    const { ticketId } = await ingest(
      inbound({ channel: "webform", subject: `Login ${w} problem`, text: "I cannot sign in since yesterday" }),
    );
    expect(await subjectDocs(ticketId)).toEqual([]);
    expect(await messageDocs(ticketId)).toEqual([`Login ${w} problem\u001fI cannot sign in since yesterday`]);
    expect(await search(w)).toEqual([ticketId]);
    expect(await search("sign in since")).toContain(ticketId);
  });

  it("a customer's subject changed later leaves the message's document, which keeps the message's own words", async () => {
    const [before, after, body] = [word(), word(), word()];
    const { ticketId } = await ingest(
      inbound({ channel: "email", subject: `Card ${before} blocked`, text: `Card ${before} blocked\nsee ${body}` }),
    );
    await env.DB.prepare("UPDATE tickets SET subject = ?2 WHERE id = ?1").bind(ticketId, `Card ${after}`).run();
    expect(await messageDocs(ticketId)).toEqual([`Card ${before} blocked\nsee ${body}`]);
    expect(await subjectDocs(ticketId)).toEqual([`Card ${after}`]);
    expect(await search(after)).toEqual([ticketId]);
    expect(await search(body)).toEqual([ticketId]);
    // A subject word that is not in the message is gone from the index with the old subject.
    const only = word();
    const second = await ingest(inbound({ channel: "webform", subject: `Topic ${only}`, text: "Plain text" }));
    expect(await search(only)).toEqual([second.ticketId]);
    await env.DB.prepare("UPDATE tickets SET subject = 'Topic' WHERE id = ?1").bind(second.ticketId).run();
    expect(await search(only)).toEqual([]);
    expect(await messageDocs(second.ticketId)).toEqual(["Plain text"]);
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
