/** The staff API under /api/staff: tickets, replies, notes, merges, delivery retries, the live feed. */
import { Hono } from "hono";
import { resolvesUnanswered } from "../core/bulk";
import { ConflictError, NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { canTransition } from "../core/ticket";
import type { AppEnv } from "../env";
import { pushTicketFrame } from "../pipeline/chat-push";
import { publishFeedEvent } from "../pipeline/feed";
import { enqueueDelivery } from "../pipeline/outbox";
import { archivedStatement } from "../store/archive-restore";
import { cryptoPanelFrom, cryptoPanelStatements } from "../store/crypto-panel";
import { getMessage } from "../store/messages";
import { requeueFailed } from "../store/outbox";
import { getStaffUser } from "../store/staff";
import { getTicket, listTickets, markTicketRead, openStaffTicket, patchTicket } from "../store/tickets";
import { countUnread } from "../store/unread-counts";
import { countViews, VIEW_COUNT_LIMIT } from "../store/view-counts";
import { jsonBody, params, query } from "../web/validate";
import { adminApi } from "./admin";
import { archiveApi, archivedTicketParts, restoreArchived } from "./archive";
import { requireStaff } from "./auth";
import { autoAssignApi } from "./auto-assign";
import { bulkApi } from "./bulk";
import { chatLiveOf, chatStaffApi, pushStaffRead } from "./chat";
import { d1Session } from "./d1-session";
import { staffFeed } from "./feed";
import { incidentsApi } from "./incidents";
import { metricsApi } from "./metrics";
import { notificationsApi } from "./notifications";
import { staffResources } from "./resources";
import { IdParam, MergeBody, NoteBody, ReplyBody, TicketListQuery, TicketPatchBody } from "./schemas";
import { sessionsApi } from "./sessions";
import { slaApi } from "./sla";
import { tagsApi } from "./tags";
import { addStaffMessage, mergeTicket, withAttachmentUrls } from "./ticket-actions";
import { askForRating, ticketOpsFields } from "./ticket-fields";
import { triageApi } from "./triage";
import { staffBodyLimit, staffUploads } from "./uploads";
import { verificationApi } from "./verification";

/** Opaque keyset cursor: base64url of `[updatedAt, id]`. */
function encodeCursor(c: { updatedAt: string; id: string }): string {
  return btoa(JSON.stringify([c.updatedAt, c.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decodeCursor(s: string): { updatedAt: string; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(atob(s.replace(/-/g, "+").replace(/_/g, "/"))) as unknown[];
    if (typeof updatedAt === "string" && typeof id === "string" && !Number.isNaN(Date.parse(updatedAt))) {
      return { updatedAt, id };
    }
  } catch {
    // fall through
  }
  throw new ValidationError("The cursor is not valid", [
    { path: "cursor", message: "use nextCursor from a previous page" },
  ]);
}

/** A ticket id in the path; a malformed id is simply not found. */
const ticketIdParam = params({ id: IdParam }, "Ticket");

/**
 * The staff API, its routes chained so that `hc<StaffApiType>` types a client. Every route needs a
 * staff token or session; admin routes need the admin role.
 */
export function staffApi() {
  return (
    new Hono<AppEnv>()
      .use(requireStaff)
      .use(staffBodyLimit)
      // Staff reads go to D1 replicas, bookmarked so an agent reads their own writes (src/staff/d1-session.ts).
      .use(d1Session)
      .get("/me", (c) => {
        const csrfToken = c.get("csrfToken");
        return c.json({ staff: c.get("staff"), ...(csrfToken ? { csrfToken } : {}) });
      })
      .get("/tickets", query(TicketListQuery), async (c) => {
        const q = c.req.valid("query");
        const me = c.get("staff").staffId;
        const { tickets, next } = await listTickets(c.env.DB, {
          viewerId: me,
          view: q.view,
          status: q.status,
          channel: q.channel,
          assignee: q.assignee === "me" ? me : q.assignee,
          priority: q.priority,
          category: q.category,
          tag: q.tag,
          q: q.q,
          cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
          limit: q.limit,
        });
        return c.json({ tickets, nextCursor: next ? encodeCursor(next) : null });
      })
      /** Open tickets per inbox view (`mine` is the caller's), each counted up to `limit`; `unread`: the caller's. */
      .get("/views/counts", async (c) => {
        const me = c.get("staff").staffId;
        const [counts, unread] = await Promise.all([countViews(c.env.DB, me), countUnread(c.env.DB, me)]);
        return c.json({ counts, unread, limit: VIEW_COUNT_LIMIT });
      })
      /** Opening a ticket marks it read for the caller; a merged ticket answers the ticket it was merged into. */
      .get("/tickets/:id", ticketIdParam, async (c) => {
        const db = c.env.DB;
        // The crypto panel's reads ride in the ticket's own read batch (src/store/crypto-panel.ts).
        const found = await openStaffTicket(db, {
          id: c.req.valid("param").id,
          viewerId: c.get("staff").staffId,
          now: new Date().toISOString(),
          // Last: whether its messages are archived in R2 (then they are read from there, not restored).
          extra: (id) => [...cryptoPanelStatements(db, id), archivedStatement(db, id)],
        });
        if (!found) throw new NotFoundError("Ticket");
        if (found.extra[found.extra.length - 1]?.results.length) {
          Object.assign(found, await archivedTicketParts(c, found.ticket.id, found.extra));
          found.ticket.archived = true;
        }
        // TxIDs and addresses with explorer links, UIDs, order ids, amounts, tickets sharing a TxID or address,
        // CSAT, edits, incidents, and the kinds of secret redaction removed.
        const { panel, entities } = cryptoPanelFrom(found.extra, found.messages, c.get("config").explorers);
        // Its CSAT rating and SLA due times / breaches (src/staff/ticket-fields.ts).
        const ticket = { ...found.ticket, ...(await ticketOpsFields(db, found.ticket.id)) };
        // Live chat: whether the visitor is on the page, typing, and what they read (null for other tickets).
        const chat = await chatLiveOf(c.env, found.ticket);
        // Opening it marked it read for this agent: the customer's open chat sees "seen".
        if (chat.source) c.executionCtx.waitUntil(pushStaffRead(c.env, found.ticket.id));
        return c.json({
          ticket: { ...ticket, ...(chat.source ? { source: chat.source } : {}) },
          live: chat.live,
          messages: withAttachmentUrls(found.messages),
          entities,
          linkedTickets: panel.linkedTickets,
          crypto: panel,
        });
      })
      .post("/tickets/:id/read", ticketIdParam, async (c) => {
        const marked = await markTicketRead(c.env.DB, {
          ticketId: c.req.valid("param").id,
          staffId: c.get("staff").staffId,
          now: new Date().toISOString(),
        });
        if (!marked) throw new NotFoundError("Ticket");
        // The customer's open chat sees that an agent read it.
        c.executionCtx.waitUntil(pushStaffRead(c.env, c.req.valid("param").id));
        return c.body(null, 204);
      })
      .patch("/tickets/:id", ticketIdParam, jsonBody(TicketPatchBody), restoreArchived, async (c) => {
        const id = c.req.valid("param").id;
        const { confirm, ...patch } = c.req.valid("json");
        const ticket = await getTicket(c.env.DB, id);
        if (!ticket) throw new NotFoundError("Ticket");
        if (patch.status && !canTransition(ticket.status, patch.status)) {
          throw new ConflictError("invalid_transition", `A ${ticket.status} ticket cannot become ${patch.status}`);
        }
        if (patch.status && resolvesUnanswered(ticket, patch.status) && confirm !== true) {
          throw new ConflictError(
            "needs_confirmation",
            "Nobody on staff has replied to this ticket yet; resolving asks the customer for a rating. " +
              "Send confirm: true to resolve it anyway.",
          );
        }
        if (patch.assigneeId) {
          const assignee = await getStaffUser(c.env.DB, patch.assigneeId);
          if (!assignee || assignee.disabled) {
            throw new ValidationError("Unknown assignee", [
              { path: "assigneeId", message: "no active staff user has this id" },
            ]);
          }
        }
        const now = new Date().toISOString();
        const actorId = c.get("staff").staffId;
        await patchTicket(c.env.DB, { ticketId: id, patch, actorId, auditId: newId("aud"), now });
        const updated = await getTicket(c.env.DB, id);
        // Resolving asks the customer for a rating through the ticket's own channel, once per ticket.
        if (patch.status === "resolved" && ticket.status !== "resolved") await askForRating(c, id);
        // A web ticket's open chat sees its new status at once (other channels have no room).
        if (patch.status && ticket.channel === "webform") c.executionCtx.waitUntil(pushTicketFrame(c.env, id));
        c.executionCtx.waitUntil(
          publishFeedEvent(c.env, {
            type: "ticket.updated",
            ticketId: id,
            changes: Object.keys(patch),
            status: updated?.status,
            priority: updated?.priority,
            assigneeId: updated?.assigneeId ?? null,
            actorId,
          }),
        );
        return c.json({ ticket: updated });
      })
      .post("/tickets/:id/merge", ticketIdParam, jsonBody(MergeBody), restoreArchived, (c) =>
        mergeTicket(c, c.req.valid("param").id, c.req.valid("json")),
      )
      .post("/tickets/:id/replies", ticketIdParam, jsonBody(ReplyBody), restoreArchived, (c) =>
        addStaffMessage(c, c.req.valid("param").id, "reply", c.req.valid("json")),
      )
      .post("/tickets/:id/notes", ticketIdParam, jsonBody(NoteBody), restoreArchived, (c) =>
        addStaffMessage(c, c.req.valid("param").id, "note", c.req.valid("json")),
      )
      .post("/messages/:id/retry", params({ id: IdParam }), async (c) => {
        const id = c.req.valid("param").id;
        const requeued = await requeueFailed(c.env.DB, {
          messageId: id,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        if (!requeued) {
          const existing = await getMessage(c.env.DB, id);
          if (!existing) throw new NotFoundError("Message");
          throw new ConflictError("not_failed", "Only a failed outbound message can be retried");
        }
        await enqueueDelivery(c.env, id);
        const message = await getMessage(c.env.DB, id);
        c.executionCtx.waitUntil(
          publishFeedEvent(c.env, {
            type: "message.delivery",
            ticketId: message?.ticketId,
            messageId: id,
            delivery: "queued",
          }),
        );
        return c.json({ message }, 202);
      })
      .route("/", staffFeed())
      .route("/", chatStaffApi())
      .route("/", staffResources())
      .route("/", staffUploads())
      .route("/", triageApi())
      .route("/", adminApi())
      .route("/", archiveApi())
      .route("/", sessionsApi())
      .route("/", verificationApi())
      .route("/", slaApi())
      .route("/", metricsApi())
      .route("/", incidentsApi())
      .route("/", bulkApi())
      .route("/", tagsApi())
      .route("/", autoAssignApi())
      .route("/", notificationsApi())
  );
}

/** The staff API's routes and their types, for `hc<StaffApiType>`. */
export type StaffApiType = ReturnType<typeof staffApi>;
