/**
 * Hot and cold: closed tickets move to R2 as one gzipped JSON document each, in three resumable steps
 * recorded in `archived_tickets` (write the object -> read it back and verify its hash and row counts ->
 * delete the rows in one guarded batch). Run from the scheduled handler in bounded batches; every step
 * can be repeated or interrupted without losing or doubling a row.
 */
import { ARCHIVE_BATCH, type ArchiveDoc, archiveKey, parseArchiveDoc, rowCount } from "../core/archive";
import { sha256Hex } from "../core/ids";
import type { Env } from "../env";
import { logError } from "../log";
import {
  advanceScan,
  archiveCandidates,
  deleteArchivedRows,
  forgetArchive,
  getArchiveRecord,
  liveCounts,
  readTicketForArchive,
  recordVerified,
  recordWritten,
} from "../store/archive";
import { getArchiveSettings } from "../store/archive-settings";

const DAY_MS = 86_400_000;

/** gzip through the runtime's own CompressionStream. */
export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The text of a gzipped body. */
export async function gunzip(body: ReadableStream): Promise<string> {
  return new Response(body.pipeThrough(new DecompressionStream("gzip"))).text();
}

/** A ticket's archive read back from R2 and checked against its recorded hash; null when missing or different. */
export async function readArchive(env: Env, ticketId: string, sha256: string): Promise<ArchiveDoc | null> {
  const object = await env.ATTACHMENTS.get(archiveKey(ticketId));
  if (!object) return null;
  const text = await gunzip(object.body);
  if ((await sha256Hex(text)) !== sha256) return null;
  return parseArchiveDoc(text, ticketId);
}

export type StepOutcome = "written" | "verified" | "archived" | "skipped";

/**
 * One step of one ticket's move, from wherever its record stands: what a crash leaves behind is
 * simply the next step to run.
 */
export async function archiveStep(env: Env, ticketId: string, closedBefore: string, now: string): Promise<StepOutcome> {
  const db = env.DB;
  const record = await getArchiveRecord(db, ticketId);
  if (!record || record.state === "restored") {
    // Step 1: the document, then its record. A restored ticket is written again from its rows.
    const read = await readTicketForArchive(db, ticketId, closedBefore);
    if (!read) return "skipped";
    const doc: ArchiveDoc = { ...read.doc, writtenAt: now };
    const text = JSON.stringify(doc);
    const sha256 = await sha256Hex(text);
    const body = await gzip(text);
    await env.ATTACHMENTS.put(archiveKey(ticketId), body, {
      httpMetadata: { contentType: "application/json", contentEncoding: "gzip" },
      customMetadata: { sha256, messages: String(doc.tables.messages.length), rows: String(rowCount(doc)) },
    });
    await recordWritten(db, { doc, sha256, bytes: body.byteLength, ticketUpdatedAt: read.ticketUpdatedAt, now });
    return "written";
  }
  if (record.state === "archived") return "skipped";
  // Steps 2 and 3 both read the object back: nothing is deleted from a copy that was not read and matched.
  const doc = await readArchive(env, ticketId, record.sha256);
  const live = await liveCounts(db, ticketId);
  const same =
    doc &&
    live &&
    live.status === "closed" &&
    live.updatedAt === record.ticketUpdatedAt &&
    doc.tables.messages.length === record.messageCount &&
    rowCount(doc) === record.rowCount &&
    live.messages === record.messageCount &&
    live.rows === record.rowCount;
  if (!same) {
    // The ticket changed (a new message, a status change) or the object is missing: start over later.
    await forgetArchive(db, ticketId);
    return "skipped";
  }
  if (record.state === "written") {
    await recordVerified(db, ticketId, record.sha256);
    return "verified";
  }
  try {
    await deleteArchivedRows(db, doc, now);
  } catch (err) {
    // The guard: something changed between the check and the delete. Nothing was deleted.
    logError("archive delete refused", ticketId, String(err));
    await forgetArchive(db, ticketId);
    return "skipped";
  }
  return "archived";
}

/** Runs every remaining step of one ticket (at most 3 more). */
export async function archiveTicket(env: Env, ticketId: string, closedBefore: string, now: string): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    const step = await archiveStep(env, ticketId, closedBefore, now);
    if (step === "archived") return true;
    if (step === "skipped") return false;
  }
  return false;
}

/** One scheduled run: up to `limit` tickets archived (resumed moves first). Returns how many were archived. */
export async function runArchive(env: Env, now = new Date(), limit = ARCHIVE_BATCH): Promise<number> {
  const settings = await getArchiveSettings(env.DB);
  if (!settings.enabled) return 0;
  const closedBefore = new Date(now.getTime() - settings.closedDays * DAY_MS).toISOString();
  const at = now.toISOString();
  const { ids, scanned } = await archiveCandidates(env.DB, { closedBefore, limit });
  let archived = 0;
  for (const id of ids.slice(0, limit)) {
    if (await archiveTicket(env, id, closedBefore, at).catch(fail(id))) archived++;
  }
  for (const t of scanned.slice(0, Math.max(0, limit - ids.length))) {
    const ok = await archiveTicket(env, t.id, closedBefore, at).catch(fail(t.id));
    // A ticket that failed outright (R2 or D1 down) stops the scan here; the next run retries it.
    if (ok === null) break;
    if (ok) archived++;
    await advanceScan(env.DB, t);
  }
  return archived;
}

function fail(id: string) {
  return (err: unknown): null => {
    logError("archive failed", id, String(err));
    return null;
  };
}
