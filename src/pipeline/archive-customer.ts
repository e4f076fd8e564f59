/**
 * A customer's `/t/` link to a conversation whose ticket is archived: the page (and the live view's catch-up,
 * which reads the page again) shows the whole conversation from the R2 document, exactly as CUSTOMER_VIEW
 * would from D1 (no notes; after a merge only this customer's messages and the replies to them), without
 * restoring it. Writing to it restores it (ingest, src/pipeline/ingest.ts). Only the link's own ticket (or
 * the ticket it was merged into) is ever read: the archive is found from the link, never from the request.
 */
import type { Message } from "../core/ticket";
import type { Env } from "../env";
import { isSharedConversation } from "../store/merge";
import {
  type CustomerView,
  findCustomerAttachment,
  findLinkArchive,
  getCustomerView,
  type LinkArchive,
  ticketContacts,
} from "../store/ticket-access";
import { readArchive } from "./archive";
import { archivedMessages } from "./archive-restore";

/** The link's conversation from the archive, as its customer sees it, with the attachments on those messages. */
async function archivedView(
  env: Env,
  archive: LinkArchive,
): Promise<{
  messages: Message[];
  attachments: Map<string, { r2Key: string; filename: string; contentType: string; size: number }>;
}> {
  const doc = await readArchive(env, archive.ticketId, archive.sha256);
  // A missing or altered archive is an outage, not an empty conversation.
  if (!doc) throw new Error(`archive of ${archive.ticketId} is missing or does not match its hash`);
  const all = archivedMessages(doc);
  const owners = await ticketContacts(env.DB, [...new Set(all.map((m) => m.originTicketId))]);
  // As CUSTOMER_VIEW (sameCustomerSql): the same contact, and a group's conversation only on its own link.
  const sameCustomer = (origin: { contactId: string; conversationKey: string } | undefined) =>
    Boolean(origin) &&
    origin?.contactId === archive.contactId &&
    (origin.conversationKey === archive.conversationKey ||
      !(isSharedConversation(origin.conversationKey) || isSharedConversation(archive.conversationKey)));
  const messages = all
    .filter((m) => m.direction !== "note" && sameCustomer(owners.get(m.originTicketId)))
    .map((m, i) => ({ m, i }))
    .sort((a, b) => (a.m.createdAt < b.m.createdAt ? -1 : a.m.createdAt > b.m.createdAt ? 1 : a.i - b.i))
    .map(({ m }) => m);
  const shown = new Set(messages.map((m) => m.id));
  const attachments = new Map(
    doc.tables.attachments
      .filter((a) => shown.has(String(a.message_id)))
      .map((a) => [
        String(a.id),
        {
          r2Key: String(a.r2_key),
          filename: String(a.filename),
          contentType: String(a.content_type),
          size: Number(a.size),
        },
      ]),
  );
  return { messages, attachments };
}

/** What the `/t/` page shows; null for an unknown link. One D1 round trip, plus the archive when it is archived. */
export async function customerView(env: Env, accessToken: string): Promise<CustomerView | null> {
  const view = await getCustomerView(env.DB, accessToken);
  if (!view?.archived) return view;
  return { ...view, messages: (await archivedView(env, view.archived)).messages };
}

/** An attachment the link's holder may download, from D1 or, for an archived conversation, its document. */
export async function customerAttachment(
  env: Env,
  args: { accessToken: string; attachmentId: string },
): Promise<{ r2Key: string; filename: string; contentType: string; size: number } | null> {
  const live = await findCustomerAttachment(env.DB, args);
  if (live) return live;
  const archive = await findLinkArchive(env.DB, args.accessToken);
  if (!archive) return null;
  return (await archivedView(env, archive)).attachments.get(args.attachmentId) ?? null;
}
