/**
 * Inbound emails (email_inbound): what each one became, the sender's flood counter, bounces of
 * our mail, held mail with its note, originals for staff, and the one batch of reads an email's
 * handling starts with (readEmailIntake).
 */

import type {
  EmailIntakeQuery,
  InboundEmailKind,
  InboundEmailRecord,
  InboundEmailSource,
  InboundEmailState,
} from "../core/inbound-email";
import type { ConversationLookup, IngestKeys, IngestState } from "../core/ingest";
import { targetBySentMessageIdsStatement, targetFrom, targetStatement } from "./conversation-lookups";
import { sentMessageIdStatement } from "./email-threads";
import { type IngestReadsVia, ingestReadStatements, ingestStateFrom } from "./ingest-read";
import { replayGuardStatements } from "./webhook-replays";

/** Which conversations the email may join, each with ingest's reads for it (null when not read). */
export type EmailIngestStates = Record<"likely" | "plus" | "subject" | "active", IngestState | null>;

/**
 * Every read of one email in ONE round trip: the replay guard, dedupe, our own Message-ID, the
 * flood counter, the thread lookups, and ingest's reads for each conversation the email may join
 * (the likely one by its key, the others by the lookup's conversation, found in the same batch).
 */
export async function readEmailIntake(
  db: D1Database,
  q: EmailIntakeQuery,
): Promise<{ fresh: boolean; pre: InboundEmailState; ingest: EmailIngestStates }> {
  const statements = [
    // This sender's own email with this Message-ID (another sender's with the same id is not this one: 0027).
    db
      .prepare("SELECT * FROM email_inbound WHERE message_id_header = ?1 AND sender = ?2 AND sender_verified = ?3")
      .bind(q.messageIdHeader, q.sender, senderBucket(q)),
    sentMessageIdStatement(db, q.messageIdHeader),
    countFromSenderStatement(db, q.sender, senderBucket(q), q.since),
    // The active ticket of whom the mail writes as (its identity): a forger's failing or unproven mail never finds
    // the proven customer's, so a held email's note never lands there (security/held-mail-notes).
    targetStatement(db, { activeOfAddress: q.identity }),
  ];
  const optional = (stmt: D1PreparedStatement | null): number => (stmt ? statements.push(stmt) - 1 : -1);
  const byId = optional(q.referenceIds.length ? targetBySentMessageIdsStatement(db, q.referenceIds, q.sender) : null);
  const byToken = optional(
    q.replyToken ? targetStatement(db, { byReplyToken: q.replyToken, senderEmail: q.sender }) : null,
  );
  const bySubjectLookup: ConversationLookup | null =
    q.subjectNumber !== null ? { byNumberForSender: { number: q.subjectNumber, senderEmail: q.sender } } : null;
  const bySubject = optional(bySubjectLookup ? targetStatement(db, bySubjectLookup) : null);

  const { guess } = q;
  const via = (args: IngestKeys | IngestReadsVia) => ingestReadStatements(db, args);
  const viaLookup = (lookup: ConversationLookup | null) =>
    guess && lookup
      ? via({
          channel: "email",
          providerMessageId: q.messageIdHeader,
          conversation: lookup,
          sender: { externalId: q.identity },
        })
      : [];
  const groups = {
    likely: guess ? via(guess) : [],
    plus: viaLookup(q.replyToken ? { byReplyToken: q.replyToken, senderEmail: q.sender } : null),
    subject: viaLookup(bySubjectLookup),
    // Over the flood limit, a verified sender's mail joins their active ticket instead of being held.
    active: viaLookup(q.senderVerified ? { activeOfAddress: q.sender } : null),
  };
  const guard = q.replay ? replayGuardStatements(db, q.replay) : { statements: [], fresh: () => true };
  const results = await db.batch([
    ...guard.statements,
    ...statements,
    ...groups.likely,
    ...groups.plus,
    ...groups.subject,
    ...groups.active,
  ]);
  let at = guard.statements.length;
  const take = (n: number) => {
    const slice = results.slice(at, at + n);
    at += n;
    return slice;
  };
  const own = take(statements.length);
  const [seen, sent, count, active] = own;
  const target = (i: number) => (i < 0 ? null : targetFrom(own[i]));
  const pre: InboundEmailState = {
    seen: recordFrom((seen?.results[0] as InboundEmailRow | undefined) ?? null),
    ourMessageId: Boolean(sent?.results[0]),
    recentFromSender: (count?.results[0] as { n: number } | undefined)?.n ?? 0,
    activeOfSender: targetFrom(active),
    byMessageId: target(byId),
    byReplyToken: target(byToken),
    bySubject: target(bySubject),
  };
  const state = (n: number): IngestState | null => {
    const slice = take(n);
    return n ? ingestStateFrom(slice) : null;
  };
  const ingest: EmailIngestStates = {
    likely: state(groups.likely.length),
    plus: state(groups.plus.length),
    subject: state(groups.subject.length),
    active: state(groups.active.length),
  };
  return { fresh: guard.fresh(results), pre, ingest };
}

interface InboundEmailRow {
  message_id_header: string;
  kind: InboundEmailKind;
  source: InboundEmailSource;
  sender: string;
  subject: string | null;
  raw_r2_key: string | null;
  message_id: string | null;
  ticket_id: string | null;
  detail: string | null;
  sender_verified: number;
  auth: string | null;
  original_withheld: string | null;
}

function recordFrom(r: InboundEmailRow | null): InboundEmailRecord | null {
  return r
    ? {
        messageIdHeader: r.message_id_header,
        kind: r.kind,
        source: r.source,
        sender: r.sender,
        subject: r.subject,
        rawR2Key: r.raw_r2_key,
        messageId: r.message_id,
        ticketId: r.ticket_id,
        detail: r.detail,
        senderVerified: r.sender_verified === 1,
        authFailed: r.sender_verified === -1,
        auth: r.auth,
        originalWithheld: r.original_withheld,
      }
    : null;
}

/**
 * `sender_verified`: 1 proven, 0 no verdict, -1 failed. Mail that failed authentication is someone claiming
 * the address: it must not use up (or dedupe against) the flood bucket of the address's genuine mail from a
 * domain that publishes no DMARC (test/integration/security/failed-auth-contact.test.ts).
 */
function senderBucket(r: { senderVerified: boolean; authFailed?: boolean }): number {
  return r.senderVerified ? 1 : r.authFailed ? -1 : 0;
}

/** Records what an inbound email was, once (a redelivery keeps the first record). */
export async function recordInboundEmail(db: D1Database, rec: InboundEmailRecord, now: string): Promise<void> {
  await inboundEmailRecordStatement(db, rec, now).run();
}

/** recordInboundEmail as a statement, for a batch of writes (ingest's: the message and its record in one transaction). */
export function inboundEmailRecordStatement(db: D1Database, rec: InboundEmailRecord, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO email_inbound (message_id_header, kind, source, sender, subject, raw_r2_key, message_id, ticket_id,
          detail, created_at, sender_verified, auth, original_withheld)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT DO NOTHING`,
    )
    .bind(
      rec.messageIdHeader,
      rec.kind,
      rec.source,
      rec.sender,
      rec.subject,
      rec.rawR2Key,
      rec.messageId,
      rec.ticketId,
      rec.detail,
      now,
      senderBucket(rec),
      rec.auth,
      rec.originalWithheld,
    );
}

/** An email held back by the flood limit: its record and, when given, a note only staff see on a ticket, in one batch. */
export async function holdInboundEmail(
  db: D1Database,
  rec: InboundEmailRecord,
  note: { id: string; ticketId: string; body: string } | null,
  now: string,
): Promise<void> {
  const statements = [inboundEmailRecordStatement(db, rec, now)];
  if (note) {
    statements.push(
      db
        .prepare(
          `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at)
           VALUES (?1, ?2, 'note', 'bot', 'email', ?3, ?4)`,
        )
        .bind(note.id, note.ticketId, note.body, now),
    );
  }
  await db.batch(statements);
}

/**
 * How many emails from `sender` arrived since `since`, in one bucket: verified mail, or the rest
 * (the flood limit's counter: forged mail never fills the real sender's bucket).
 */
function countFromSenderStatement(db: D1Database, sender: string, bucket: number, since: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT COUNT(*) AS n FROM email_inbound
        WHERE sender = ?1 AND sender_verified = ?2 AND created_at >= ?3
          AND kind IN ('message', 'auto_reply', 'rate_limited')`,
    )
    .bind(sender, bucket, since);
}

/** Where the full original of a stored inbound message is, for staff who want to see it. */
export async function findOriginalOfMessage(
  db: D1Database,
  messageId: string,
): Promise<{
  rawR2Key: string | null;
  messageIdHeader: string;
  source: InboundEmailSource;
  originalWithheld: string | null;
} | null> {
  const row = await db
    .prepare("SELECT raw_r2_key, message_id_header, source, original_withheld FROM email_inbound WHERE message_id = ?1")
    .bind(messageId)
    .first<{
      raw_r2_key: string | null;
      message_id_header: string;
      source: InboundEmailSource;
      original_withheld: string | null;
    }>();
  return row
    ? {
        rawR2Key: row.raw_r2_key,
        messageIdHeader: row.message_id_header,
        source: row.source,
        originalWithheld: row.original_withheld,
      }
    : null;
}
