/**
 * Hot and cold in workerd (real D1 + R2): a closed ticket's rows move to R2 and come back byte for byte;
 * staff open and search it while archived; a crash between steps resumes without loss or duplication;
 * a customer writing again brings it back; nobody else reaches it; its attachments stay downloadable.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { archiveKey } from "../../../src/core/archive";
import { archiveStep, archiveTicket, gunzip, runArchive } from "../../../src/pipeline/archive";
import { restoreTicket } from "../../../src/pipeline/archive-restore";
import {
  BOOTSTRAP,
  call,
  closedTicket,
  closeLongAgo,
  count,
  customerWrites,
  randomHex,
  snapshot,
  staffGet,
  staffWithToken,
} from "./helpers";

const DAY = 86_400_000;
const cutoff = () => new Date(Date.now() - 90 * DAY).toISOString();
const now = () => new Date().toISOString();

async function openJson(id: string) {
  const res = await staffGet(`/api/staff/tickets/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    ticket: { id: string; archived?: boolean; number: string };
    messages: Array<{ id: string; body: string; attachments: Array<{ id: string }> }>;
    entities: unknown[];
  };
}

async function search(q: string) {
  const res = await staffGet(`/api/staff/tickets?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { tickets: Array<{ id: string; archived?: boolean; lastMessage: unknown }> }).tickets;
}

async function state(id: string) {
  return (
    await env.DB.prepare("SELECT state FROM archived_tickets WHERE ticket_id = ?1").bind(id).first<{ state: string }>()
  )?.state;
}

describe("archive", () => {
  it("moves a closed ticket to R2 and back byte for byte; staff open, search and download it meanwhile", async () => {
    const t = await closedTicket();
    const before = await snapshot(t.ticketId);
    const opened = await openJson(t.ticketId);
    expect(before.messages.length).toBeGreaterThanOrEqual(3);
    expect(before.ticket_entities.length).toBeGreaterThan(0);

    expect(await archiveTicket(env, t.ticketId, cutoff(), now())).toBe(true);
    expect(await state(t.ticketId)).toBe("archived");
    expect(await count("SELECT count(*) AS n FROM messages WHERE ticket_id = ?1", t.ticketId)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM attachments WHERE id = ?1", t.attachmentId)).toBe(0);
    // The R2 object is gzipped JSON holding every message.
    const object = await env.ATTACHMENTS.get(archiveKey(t.ticketId));
    expect(object).not.toBeNull();
    const doc = JSON.parse(await gunzip((object as R2ObjectBody).body)) as { tables: { messages: unknown[] } };
    expect(doc.tables.messages).toEqual(before.messages);

    // Opened while archived: the same messages and entities, marked archived.
    const archived = await openJson(t.ticketId);
    expect(archived.ticket.archived).toBe(true);
    expect(archived.messages).toEqual(opened.messages);
    expect(archived.entities).toEqual(opened.entities);
    // Found by a word of its messages and by a TxID fragment, marked archived with its last message.
    for (const q of [t.word, t.txid.slice(10, 30)]) {
      const hit = (await search(q)).find((x) => x.id === t.ticketId);
      expect(hit?.archived).toBe(true);
      expect(hit?.lastMessage).not.toBeNull();
    }
    // Its attachment still downloads, same bytes.
    const file = await staffGet(`/api/staff/attachments/${t.attachmentId}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(t.bytes);

    // Restored: every row as it was, and the archive's search record gone.
    expect(await restoreTicket(env, t.ticketId)).toBe(true);
    const after = await snapshot(t.ticketId);
    // Opening the archived ticket marked it read again: that marker is newer and wins.
    expect({ ...after, staff_ticket_reads: [] }).toEqual({ ...before, staff_ticket_reads: [] });
    expect(await state(t.ticketId)).toBe("restored");
    expect(await count("SELECT count(*) AS n FROM search_docs WHERE doc_id = ?1", `a:${t.ticketId}`)).toBe(0);
    expect((await search(t.word)).find((x) => x.id === t.ticketId)?.archived).toBeUndefined();
    expect((await openJson(t.ticketId)).messages).toEqual(opened.messages);
  });

  it("resumes after a crash at any step without losing or doubling a row", async () => {
    for (const stopAfter of [1, 2]) {
      const t = await closedTicket();
      const before = await snapshot(t.ticketId);
      // Run `stopAfter` steps, then "crash": the next scheduled run picks the ticket up where it stood.
      const steps = [];
      for (let i = 0; i < stopAfter; i++) steps.push(await archiveStep(env, t.ticketId, cutoff(), now()));
      expect(steps).toEqual(["written", "verified"].slice(0, stopAfter));
      expect(await count("SELECT count(*) AS n FROM messages WHERE ticket_id = ?1", t.ticketId)).toBe(
        before.messages.length,
      );
      await runArchive(env, new Date(), 100);
      expect(await state(t.ticketId)).toBe("archived");
      // Running it all again changes nothing.
      expect(await archiveStep(env, t.ticketId, cutoff(), now())).toBe("skipped");
      await runArchive(env, new Date(), 100);
      expect(await restoreTicket(env, t.ticketId)).toBe(true);
      expect(await restoreTicket(env, t.ticketId)).toBe(false);
      const after = await snapshot(t.ticketId);
      expect(after.messages).toEqual(before.messages);
      expect(after.attachments).toEqual(before.attachments);
      expect(after.audit_log).toEqual(before.audit_log);
    }
  });

  it("deletes nothing when the ticket changed after its archive was written or verified", async () => {
    for (const steps of [1, 2]) {
      const t = await closedTicket();
      for (let i = 0; i < steps; i++) await archiveStep(env, t.ticketId, cutoff(), now());
      // A colleague tags it, or adds a note, between the write and the delete.
      const res =
        steps === 1
          ? await call("PATCH", `/api/staff/tickets/${t.ticketId}`, { token: BOOTSTRAP, json: { tags: ["vip"] } })
          : await call("POST", `/api/staff/tickets/${t.ticketId}/notes`, { token: BOOTSTRAP, json: { body: "late" } });
      expect(res.status).toBeLessThan(300);
      const before = await snapshot(t.ticketId);
      expect(await archiveStep(env, t.ticketId, cutoff(), now())).toBe("skipped");
      expect(await state(t.ticketId)).toBeUndefined();
      expect(await snapshot(t.ticketId)).toEqual(before);
    }
  });

  it("two restores at once insert every row once", async () => {
    const t = await closedTicket();
    const before = await snapshot(t.ticketId);
    expect(await archiveTicket(env, t.ticketId, cutoff(), now())).toBe(true);
    const results = await Promise.all([restoreTicket(env, t.ticketId), restoreTicket(env, t.ticketId)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await snapshot(t.ticketId)).messages).toEqual(before.messages);
  });

  it("a customer writing to an archived ticket's conversation brings it back; another customer never does", async () => {
    const t = await closedTicket();
    expect(await archiveTicket(env, t.ticketId, cutoff(), now())).toBe(true);
    const number = (await openJson(t.ticketId)).ticket.number;

    // Someone else, quoting the number, the TxID and the words: their own new ticket; the archive stays shut.
    const intruder = await customerWrites(`other-${randomHex(6)}`, `About ${number} ${t.txid} ${t.word}`);
    expect(intruder.ticketId).not.toBe(t.ticketId);
    expect(intruder.outcome).toBe("created");
    expect(await state(t.ticketId)).toBe("archived");
    const seen = await openJson(intruder.ticketId);
    expect(JSON.stringify(seen.messages)).not.toContain("We are checking");

    // The customer themself: the ticket's rows come back, then ingest as usual (a closed ticket: a new one).
    const back = await customerWrites(t.conversation, `Hello again ${randomHex(4)}`);
    expect(await state(t.ticketId)).toBe("restored");
    expect(await count("SELECT count(*) AS n FROM messages WHERE ticket_id = ?1", t.ticketId)).toBeGreaterThanOrEqual(
      3,
    );
    expect(back.ticketId).not.toBe(intruder.ticketId);
    expect(await count("SELECT count(*) AS n FROM messages WHERE id = ?1", back.messageId)).toBe(1);
  });

  it("the scheduled run archives only tickets closed long enough, in bounded batches", async () => {
    const recent = await closedTicket({ daysAgo: 10 });
    const old = await closedTicket({ daysAgo: 120 });
    await runArchive(env, new Date(), 100);
    expect(await state(old.ticketId)).toBe("archived");
    expect(await state(recent.ticketId)).toBeUndefined();
    // An admin shortens the window: the recent one goes on the next run.
    const put = await call("PUT", "/api/staff/archive", { token: BOOTSTRAP, json: { enabled: true, closedDays: 5 } });
    expect(put.status).toBe(200);
    await runArchive(env, new Date(), 100);
    expect(await state(recent.ticketId)).toBe("archived");
    await call("PUT", "/api/staff/archive", { token: BOOTSTRAP, json: { enabled: true, closedDays: 90 } });
    // A restored ticket closed long ago is archived again once its restore is older than the window.
    expect(await restoreTicket(env, old.ticketId)).toBe(true);
    await env.DB.prepare("UPDATE archived_tickets SET restored_at = ?2 WHERE ticket_id = ?1")
      .bind(old.ticketId, new Date(Date.now() - 100 * DAY).toISOString())
      .run();
    await closeLongAgo(old.ticketId, 150);
    await runArchive(env, new Date(), 100);
    expect(await state(old.ticketId)).toBe("archived");
  });

  it("staff writes to an archived ticket restore it first", async () => {
    const t = await closedTicket();
    expect(await archiveTicket(env, t.ticketId, cutoff(), now())).toBe(true);
    const note = await call("POST", `/api/staff/tickets/${t.ticketId}/notes`, {
      token: BOOTSTRAP,
      json: { body: "looked at it again" },
    });
    expect(note.status).toBe(201);
    expect(await state(t.ticketId)).toBe("restored");
    const { messages } = await openJson(t.ticketId);
    expect(messages.map((m) => m.body)).toContain("looked at it again");
    expect(messages.find((m) => m.id === t.firstMessageId)?.attachments.map((a) => a.id)).toEqual([t.attachmentId]);
  });
});

describe("archive setting", () => {
  it("admins read and change it (audited); agents cannot; bad input is a 400 that changes nothing", async () => {
    const get = await staffGet("/api/staff/archive");
    expect(get.status).toBe(200);
    expect(((await get.json()) as { archive: { closedDays: number } }).archive.closedDays).toBeGreaterThan(0);
    const agent = await staffWithToken("agent");
    expect((await call("GET", "/api/staff/archive", { token: agent.token })).status).toBe(403);
    expect(
      (await call("PUT", "/api/staff/archive", { token: agent.token, json: { enabled: false, closedDays: 3 } })).status,
    ).toBe(403);
    for (const bad of [{ enabled: true, closedDays: 0 }, { enabled: "yes" }, { enabled: true, closedDays: 1.5 }, {}]) {
      const res = await call("PUT", "/api/staff/archive", { token: BOOTSTRAP, json: bad });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    const audits = await count("SELECT count(*) AS n FROM audit_log WHERE action = 'archive.settings'");
    const put = await call("PUT", "/api/staff/archive", { token: BOOTSTRAP, json: { enabled: true, closedDays: 45 } });
    expect(((await put.json()) as { archive: { closedDays: number } }).archive.closedDays).toBe(45);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'archive.settings'")).toBe(audits + 1);
    await call("PUT", "/api/staff/archive", { token: BOOTSTRAP, json: { enabled: true, closedDays: 90 } });
  });
});

describe("staff reads through D1 sessions", () => {
  it("answers with a bookmark; the bookmark (or a hostile header) sent back still reads", async () => {
    const first = await staffGet("/api/staff/tickets");
    expect(first.status).toBe(200);
    const bookmark = first.headers.get("x-d1-bookmark");
    expect(bookmark).toBeTruthy();
    const write = await call("PUT", "/api/staff/archive", {
      token: BOOTSTRAP,
      headers: { "x-d1-bookmark": bookmark as string },
      json: { enabled: true, closedDays: 90 },
    });
    const after = write.headers.get("x-d1-bookmark");
    expect(after).toBeTruthy();
    expect((after as string) >= (bookmark as string)).toBe(true);
    for (const h of [after as string, "first-primary", "'; DROP TABLE tickets;--", "x".repeat(5000), "0-0-0-0"]) {
      const res = await staffGet("/api/staff/tickets", { "x-d1-bookmark": h });
      expect(res.status).toBe(200);
    }
  });
});
