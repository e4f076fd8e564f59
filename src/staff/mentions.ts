/** A note's @mentions: resolved against the staff directory when the note is stored, then told to each mentioned tab. */
import type { Context } from "hono";
import { mentionedStaffIds } from "../core/mentions";
import { notificationSnippet } from "../core/notify";
import { redactSecrets } from "../core/redact";
import type { Message, Ticket } from "../core/ticket";
import type { AppEnv } from "../env";
import { publishFeedEvent } from "../pipeline/feed";
import { listMentionCandidates, mentionStatements } from "../store/mentions";

/** Who a note's body mentions (never its author; unknown names stay plain text) and the rows recording it. */
export async function noteMentions(
  db: D1Database,
  args: { body: string; messageId: string; ticketId: string; authorId: string; now: string },
): Promise<{ staffIds: string[]; statements: D1PreparedStatement[] }> {
  if (!args.body.includes("@") && !args.body.includes("＠")) return { staffIds: [], statements: [] };
  const staffIds = mentionedStaffIds(args.body, await listMentionCandidates(db), args.authorId);
  return { staffIds, statements: mentionStatements(db, { ...args, staffIds }) };
}

/** One `mention.created` feed event per mentioned colleague, sent to their tabs only (src/feed/hub.ts). */
export async function publishMentions(
  c: Context<AppEnv>,
  args: { ticket: Ticket; message: Message; staffIds: readonly string[] },
): Promise<void> {
  const staff = c.get("staff");
  // Whatever a colleague pasted into the note, the notification carries no secret of it.
  const snippet = notificationSnippet(redactSecrets(args.message.body).text);
  for (const toStaffId of args.staffIds) {
    await publishFeedEvent(c.env, {
      type: "mention.created",
      toStaffId,
      ticketId: args.ticket.id,
      ticketNumber: args.ticket.number,
      messageId: args.message.id,
      actorId: staff.staffId,
      actorName: staff.name,
      snippet,
    });
  }
}
