/**
 * Bringing an archived ticket back (a customer wrote to its conversation, or staff changed it): its rows
 * return from R2 in one guarded batch; two restores at once insert once. Reading an archived ticket
 * without restoring it is `openArchivedMessages`.
 */
import type { ArchiveDoc } from "../core/archive";
import { NotFoundError } from "../core/errors";
import type { Message } from "../core/ticket";
import type { Env } from "../env";
import { getArchiveRecord } from "../store/archive";
import { archivedAmong, restoreArchivedRows } from "../store/archive-restore";
import { type MessageRow, messageFromRow } from "../store/rows";
import { readArchive } from "./archive";

/**
 * Restores a ticket that is archived now; true when this call restored it, false when it was not
 * archived (or another restore won). Throws when the archive cannot be read (nothing changes then).
 */
export async function restoreTicket(env: Env, ticketId: string, now = new Date()): Promise<boolean> {
  const record = await getArchiveRecord(env.DB, ticketId);
  if (record?.state !== "archived") return false;
  const doc = await readArchive(env, ticketId, record.sha256);
  if (!doc) throw new Error(`archive of ${ticketId} is missing or does not match its hash`);
  try {
    await restoreArchivedRows(env.DB, doc, now.toISOString());
  } catch (err) {
    // Someone else restored it first: the guard refused this batch, nothing was inserted twice.
    const again = await getArchiveRecord(env.DB, ticketId);
    if (again?.state !== "archived") return false;
    throw err;
  }
  return true;
}

/** Restores the ticket first when it is archived (for staff writes, which work on live rows). */
export async function restoreIfArchived(env: Env, ticketId: string): Promise<void> {
  await restoreTicket(env, ticketId);
}

/**
 * Restores every ticket among `ids` that is archived now, before a bulk staff write (one read finds them; each
 * is then brought back as a single write would). Throws, changing nothing more, when an archive cannot be read.
 */
export async function restoreArchivedAmong(env: Env, ids: string[]): Promise<number> {
  const archived = await archivedAmong(env.DB, ids);
  for (const id of archived) await restoreTicket(env, id);
  return archived.length;
}

/** An archived ticket's messages as the staff API shows them, from its R2 document. */
export async function openArchivedMessages(
  env: Env,
  ticketId: string,
): Promise<{ messages: Message[]; doc: ArchiveDoc }> {
  const record = await getArchiveRecord(env.DB, ticketId);
  const doc = record ? await readArchive(env, ticketId, record.sha256) : null;
  if (!doc) throw new NotFoundError("Ticket");
  return { messages: archivedMessages(doc), doc };
}

/** A document's messages in the shape MESSAGE_SELECT rows give (attachments and edits attached), in order. */
export function archivedMessages(doc: ArchiveDoc): Message[] {
  const { attachments, message_edits } = doc.tables;
  return doc.tables.messages.map((m) => {
    const own = attachments.filter((a) => a.message_id === m.id);
    const edits = message_edits.filter((e) => e.message_id === m.id);
    const row = {
      ...m,
      attachments_json: JSON.stringify(
        own.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })),
      ),
      edits_json: edits.length
        ? JSON.stringify(edits.map((e) => ({ previousBody: e.previous_body, editedAt: e.edited_at })))
        : null,
    } as unknown as MessageRow;
    return messageFromRow(row);
  });
}
