/** The staff API under /api/staff: tickets, replies, notes, merges, delivery retries, the live feed. */
import { Hono } from "hono";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { canTransition, type Message, statusAfterStaffReply } from "../core/ticket";
import type { AppEnv } from "../env";
import { publishFeedEvent } from "../pipeline/feed";
import { enqueueDelivery } from "../pipeline/outbox";
import { mergeTickets } from "../store/merge";
import { requeueFailed } from "../store/outbox";
import { getStaffUser } from "../store/staff";
import {
  getMessage,
  getTicket,
  insertStaffMessage,
  listTickets,
  markTicketRead,
  openStaffTicket,
  patchTicket,
} from "../store/tickets";
import { getTicketIntel } from "../store/triage";
import { parseJsonBody, parseQuery, validate } from "../validation";
import { adminApi } from "./admin";
import { requireStaff } from "./auth";
import { staffFeed } from "./feed";
import { intelApi } from "./intel";
import { opsApi } from "./ops";
import { askForRating, ticketOpsFields } from "./ops-fields";
import { staffResources } from "./resources";
import { IdParam, MergeBody, NoteBody, ReplyBody, TicketListQuery, TicketPatchBody } from "./schemas";
import { sessionsApi } from "./sessions";

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

/** Attachments are only reachable through the authorised route, never a public R2 URL. */
function withAttachmentUrls(messages: Message[]): Message[] {
  return messages.map((m) => ({
    ...m,
    attachments: m.attachments.map((a) => ({ ...a, url: `/api/staff/attachments/${a.id}` })),
  }));
}

/** The staff API. Every route needs a staff token or session; admin routes need the admin role. */
export function staffApi() {
  const api = new Hono<AppEnv>();
  api.use(requireStaff);

  api.get("/me", (c) => {
    const csrfToken = c.get("csrfToken");
    return c.json({ staff: c.get("staff"), ...(csrfToken ? { csrfToken } : {}) });
  });

  api.get("/tickets", async (c) => {
    const q = parseQuery(c, TicketListQuery);
    const me = c.get("staff").staffId;
    const { tickets, next } = await listTickets(c.env.DB, {
      viewerId: me,
      view: q.view,
      status: q.status,
      channel: q.channel,
      assignee: q.assignee === "me" ? me : q.assignee,
      priority: q.priority,
      category: q.category,
      q: q.q,
      cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit,
    });
    return c.json({ tickets, nextCursor: next ? encodeCursor(next) : null });
  });

  /** Opening a ticket marks it read for the caller; a merged ticket answers the ticket it was merged into. */
  api.get("/tickets/:id", async (c) => {
    const found = await openStaffTicket(c.env.DB, {
      id: ticketId(c.req.param("id")),
      viewerId: c.get("staff").staffId,
      now: new Date().toISOString(),
    });
    if (!found) throw new NotFoundError("Ticket");
    // TxIDs, addresses, UIDs found in its messages, and other tickets sharing a TxID or address.
    const { entities, linkedTickets } = await getTicketIntel(c.env.DB, found.ticket.id);
    // Its CSAT rating and SLA due times / breaches (src/staff/ops-fields.ts).
    const ticket = { ...found.ticket, ...(await ticketOpsFields(c.env.DB, found.ticket.id)) };
    return c.json({ ticket, messages: withAttachmentUrls(found.messages), entities, linkedTickets });
  });

  api.post("/tickets/:id/read", async (c) => {
    const marked = await markTicketRead(c.env.DB, {
      ticketId: ticketId(c.req.param("id")),
      staffId: c.get("staff").staffId,
      now: new Date().toISOString(),
    });
    if (!marked) throw new NotFoundError("Ticket");
    return c.body(null, 204);
  });

  api.patch("/tickets/:id", async (c) => {
    const id = ticketId(c.req.param("id"));
    const patch = await parseJsonBody(c, TicketPatchBody);
    const ticket = await getTicket(c.env.DB, id);
    if (!ticket) throw new NotFoundError("Ticket");
    if (patch.status && !canTransition(ticket.status, patch.status)) {
      throw new ConflictError("invalid_transition", `A ${ticket.status} ticket cannot become ${patch.status}`);
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
  });

  api.post("/tickets/:id/merge", async (c) => {
    const id = ticketId(c.req.param("id"));
    const { intoId, confirmDifferentCustomers } = await parseJsonBody(c, MergeBody);
    if (intoId === id) {
      if (!(await getTicket(c.env.DB, id))) throw new NotFoundError("Ticket");
      throw new ConflictError("merge_into_self", "A ticket cannot be merged into itself");
    }
    // Joining two customers' tickets is an admin's decision, made explicitly.
    if (confirmDifferentCustomers && c.get("staff").role !== "admin") {
      throw new ForbiddenError("Only an admin can merge tickets of different customers");
    }
    const now = new Date().toISOString();
    const actorId = c.get("staff").staffId;
    const outcome = await mergeTickets(c.env.DB, {
      sourceId: id,
      intoId,
      actorId,
      auditIds: [newId("aud"), newId("aud")],
      now,
      differentCustomers: confirmDifferentCustomers === true,
    });
    if (outcome === "source_missing") throw new NotFoundError("Ticket");
    if (outcome === "target_missing") throw new NotFoundError("Target ticket");
    if (outcome === "source_merged") throw new ConflictError("already_merged", "This ticket was already merged");
    if (outcome === "target_closed") {
      throw new ConflictError("target_closed", "A ticket cannot be merged into a closed or merged ticket");
    }
    if (outcome === "different_customers") {
      throw new ConflictError(
        "different_customers",
        "These tickets belong to different customers. Only an admin can merge them, by confirming with " +
          "confirmDifferentCustomers: true; each customer then still sees only their own messages and the replies to them.",
      );
    }
    const result = await openStaffTicket(c.env.DB, { id: intoId, viewerId: actorId, now });
    c.executionCtx.waitUntil(
      (async () => {
        await publishFeedEvent(c.env, {
          type: "ticket.merged",
          ticketId: id,
          intoId,
          intoNumber: result?.ticket.number,
          actorId,
        });
        await publishFeedEvent(c.env, {
          type: "ticket.updated",
          ticketId: id,
          changes: ["status", "mergedIntoId"],
          status: "closed",
          mergedIntoId: intoId,
          actorId,
        });
        await publishFeedEvent(c.env, {
          type: "ticket.updated",
          ticketId: intoId,
          changes: ["messages", "mergedFrom"],
          status: result?.ticket.status,
          priority: result?.ticket.priority,
          assigneeId: result?.ticket.assigneeId ?? null,
          actorId,
        });
      })(),
    );
    return c.json({ ticket: result?.ticket, messages: withAttachmentUrls(result?.messages ?? []) });
  });

  for (const kind of ["replies", "notes"] as const) {
    api.post(`/tickets/:id/${kind}`, async (c) => {
      const id = ticketId(c.req.param("id"));
      const isReply = kind === "replies";
      const input: { body: string; replyToMessageId?: string } = isReply
        ? await parseJsonBody(c, ReplyBody)
        : await parseJsonBody(c, NoteBody);
      const replyTo = input.replyToMessageId ?? null;
      const ticket = await getTicket(c.env.DB, id);
      if (!ticket) throw new NotFoundError("Ticket");
      if (isReply && ticket.status === "closed") {
        throw new ConflictError("ticket_closed", "This ticket is closed; the customer can no longer be answered on it");
      }
      if (replyTo) {
        // A reply answers one of this ticket's customer messages, and goes to whoever wrote it.
        const answered = await getMessage(c.env.DB, replyTo);
        if (answered?.ticketId !== id || answered.direction !== "in") {
          throw new ValidationError("replyToMessageId is not a customer message of this ticket", [
            { path: "replyToMessageId", message: "give the id of a customer message on this ticket" },
          ]);
        }
      }
      const staffId = c.get("staff").staffId;
      const message = await insertStaffMessage(c.env.DB, {
        kind: isReply ? "reply" : "note",
        messageId: newId("msg"),
        ticketId: id,
        channel: ticket.channel,
        replyToMessageId: replyTo,
        body: input.body,
        staffId,
        nextStatus: isReply ? statusAfterStaffReply(ticket.status) : null,
        auditId: newId("aud"),
        now: new Date().toISOString(),
      });
      if (isReply) await enqueueDelivery(c.env, message.id);
      c.executionCtx.waitUntil(
        publishFeedEvent(c.env, {
          type: "message.created",
          ticketId: id,
          messageId: message.id,
          direction: message.direction,
          author: message.author,
          actorId: staffId,
        }),
      );
      return c.json({ message }, 201);
    });
  }

  api.post("/messages/:id/retry", async (c) => {
    const id = validate(IdParam, c.req.param("id"));
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
  });

  api.route("/", staffFeed());
  api.route("/", staffResources());
  api.route("/", intelApi());
  api.route("/", adminApi());
  api.route("/", sessionsApi());
  api.route("/", opsApi());
  return api;
}

/** Validates a ticket id path parameter; a malformed id is simply not found. */
function ticketId(raw: string): string {
  if (!IdParam.safeParse(raw).success) throw new NotFoundError("Ticket");
  return raw;
}
