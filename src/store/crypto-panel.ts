/**
 * The reads behind a ticket's crypto panel (src/core/crypto-panel.ts), as statements for the
 * staff ticket route's one read batch (openStaffTicket's `extra`), and their results mapped.
 * Every statement is an index lookup by ticket id (or by entity value), bounded by a LIMIT.
 */
import type { CryptoPanel, LinkedTicket, PanelIncident, StoredEntity } from "../core/crypto-panel";
import { panelEntities } from "../core/crypto-panel";
import type { EntityKind } from "../core/entities";
import type { ExplorerTemplates } from "../core/explorers";
import type { Message, TicketStatus } from "../core/ticket";
import { formatTicketNumber } from "../core/ticket";
import { redactedKindsOf } from "./redactions";

/** Rows read per part of the panel (a ticket has far fewer; the bound keeps one hostile ticket cheap). */
export const PANEL_ROWS = 200;

/** This ticket and the tickets merged into it: their entities and edits are this conversation's. */
const OWN = "(SELECT ?1 UNION ALL SELECT id FROM tickets WHERE merged_into_id = ?1)";

/** The panel's statements, in the order cryptoPanelFrom reads their results. */
export function cryptoPanelStatements(db: D1Database, ticketId: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `SELECT kind, value, chain, message_id, created_at FROM ticket_entities
          WHERE ticket_id IN ${OWN} ORDER BY created_at, rowid LIMIT ${PANEL_ROWS}`,
      )
      .bind(ticketId),
    db
      .prepare(
        `SELECT t.id, t.number, t.status, t.subject, o.kind, o.value
           FROM ticket_entities e
           JOIN ticket_entities o ON o.value = e.value AND o.kind = e.kind AND o.ticket_id <> e.ticket_id
           JOIN tickets t ON t.id = o.ticket_id
          WHERE e.ticket_id = ?1 AND e.kind IN ('txid', 'address') AND t.id <> ?1
            AND (t.merged_into_id IS NULL OR t.merged_into_id <> ?1)
          ORDER BY t.created_at DESC LIMIT ${PANEL_ROWS}`,
      )
      .bind(ticketId),
    db
      .prepare("SELECT requested_at, rating, rated_at, rated_via FROM csat_surveys WHERE ticket_id = ?1")
      .bind(ticketId),
    db
      .prepare(
        `SELECT e.message_id, e.previous_body, e.edited_at FROM messages m
           JOIN message_edits e ON e.message_id = m.id
          WHERE m.ticket_id = ?1 AND m.direction = 'in'
          ORDER BY e.edited_at, e.rowid LIMIT ${PANEL_ROWS}`,
      )
      .bind(ticketId),
    db
      .prepare(
        `SELECT i.id, i.title, i.status, it.added_at FROM incident_tickets it JOIN incidents i ON i.id = it.incident_id
          WHERE it.ticket_id = ?1 ORDER BY it.added_at DESC LIMIT ${PANEL_ROWS}`,
      )
      .bind(ticketId),
    db
      .prepare(
        `SELECT id, redacted_kinds FROM messages
          WHERE ticket_id = ?1 AND direction = 'in' AND redacted = 1 LIMIT ${PANEL_ROWS * 5}`,
      )
      .bind(ticketId),
  ];
}

type Rows<T> = { results?: T[] } | undefined;

/**
 * The panel from the results of cryptoPanelStatements (in order), the ticket's messages (already
 * read in the same batch: their bodies name the kinds of messages redacted before kinds were
 * recorded) and the desk's explorer templates; with the ticket's stored entities as they are.
 */
export function cryptoPanelFrom(
  results: ReadonlyArray<D1Result | undefined>,
  messages: readonly Message[],
  explorers: ExplorerTemplates,
): { panel: CryptoPanel; entities: StoredEntity[] } {
  const [own, linked, csat, edits, incidents, redacted] = results as [
    Rows<{ kind: EntityKind; value: string; chain: string | null; message_id: string; created_at: string }>,
    Rows<{ id: string; number: number; status: TicketStatus; subject: string; kind: EntityKind; value: string }>,
    Rows<{ requested_at: string; rating: number | null; rated_at: string | null; rated_via: string | null }>,
    Rows<{ message_id: string; previous_body: string; edited_at: string }>,
    Rows<{ id: string; title: string; status: PanelIncident["status"]; added_at: string }>,
    Rows<{ id: string; redacted_kinds: string | null }>,
  ];
  const entities: StoredEntity[] = (own?.results ?? []).map((r) => ({
    kind: r.kind,
    value: r.value,
    chain: r.chain,
    messageId: r.message_id,
    createdAt: r.created_at,
  }));
  const byTicket = new Map<string, LinkedTicket>();
  for (const r of linked?.results ?? []) {
    const t = byTicket.get(r.id) ?? {
      id: r.id,
      number: formatTicketNumber(r.number),
      status: r.status,
      subject: r.subject,
      shared: [],
    };
    if (!t.shared.some((s) => s.kind === r.kind && s.value === r.value))
      t.shared.push({ kind: r.kind, value: r.value });
    byTicket.set(r.id, t);
  }
  const c = csat?.results?.[0];
  const kindsById = new Map((redacted?.results ?? []).map((r) => [r.id, r.redacted_kinds]));
  const panel: CryptoPanel = {
    ...panelEntities(entities, explorers),
    linkedTickets: [...byTicket.values()],
    csat: c ? { requestedAt: c.requested_at, rating: c.rating, ratedAt: c.rated_at, ratedVia: c.rated_via } : null,
    edits: (edits?.results ?? []).map((r) => ({
      messageId: r.message_id,
      previousBody: r.previous_body,
      editedAt: r.edited_at,
    })),
    incidents: (incidents?.results ?? []).map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      addedAt: r.added_at,
    })),
    redactions: messages
      .filter((m) => m.direction === "in" && m.redacted)
      .map((m) => ({
        messageId: m.id,
        createdAt: m.createdAt,
        kinds: redactedKindsOf({ redacted: true, redactedKinds: kindsById.get(m.id) ?? null, body: m.body }),
      })),
  };
  // `entities` as the route answered before the panel existed (fields are added, never renamed).
  return { panel, entities };
}
