/** The SLA sweep (cron): due times from the current policies, breaches marked once and shown in the staff feed. */
import { newBreaches, newNextResponseBreach, nextResponseDueAt, pickPolicy, slaDueTimes } from "../core/sla";
import { formatTicketNumber } from "../core/ticket";
import type { Env } from "../env";
import { purgeLinkCodes } from "../store/link-codes";
import { applySlaUpdates, listSlaCandidates, listSlaPolicies, type SlaUpdate } from "../store/sla";
import { publishFeedEvent } from "./feed";

/** Tickets per read; the sweep reads at most SLA_SWEEP_PAGES pages a run and picks up the rest next time. */
const PAGE = 200;
const SLA_SWEEP_PAGES = 25;

export interface SlaBreach {
  ticketId: string;
  ticketNumber: string;
  kind: "first_response" | "next_response" | "resolution";
  dueAt: string;
}

/** How long spent link codes are kept (for the record of who linked what) before the sweep deletes them. */
const LINK_CODE_RETENTION_MS = 7 * 86_400_000;

/**
 * Recomputes due times of active tickets and records new breaches; returns the breaches it
 * recorded. Also deletes link codes that expired over a week ago.
 */
export async function sweepSla(env: Env, now: Date = new Date()): Promise<SlaBreach[]> {
  const db = env.DB;
  await purgeLinkCodes(db, new Date(now.getTime() - LINK_CODE_RETENTION_MS).toISOString());
  const policies = await listSlaPolicies(db);
  const breaches: SlaBreach[] = [];
  let after: { createdAt: string; id: string } | null = null;
  for (let page = 0; page < SLA_SWEEP_PAGES; page++) {
    const tickets = await listSlaCandidates(db, { after, limit: PAGE });
    const updates: SlaUpdate[] = [];
    for (const t of tickets) {
      const policy = pickPolicy(policies, t.priority, t.channel);
      if (!policy) continue;
      const due = slaDueTimes(t.createdAt, policy);
      const found = newBreaches({ ...t, ...due }, now);
      // The running next-response cycle, its due time from the policy (business hours as the others).
      const since = t.nextResponseSince;
      const nextDue = since ? nextResponseDueAt(since, policy) : null;
      const nextBreach = newNextResponseBreach(
        { nextResponseDueAt: nextDue, nextResponseBreachedAt: t.nextResponseBreachedAt },
        now,
      );
      const changed =
        due.firstResponseDueAt !== t.firstResponseDueAt ||
        due.resolutionDueAt !== t.resolutionDueAt ||
        nextDue !== t.nextResponseDueAt ||
        found.firstResponse !== null ||
        found.resolution !== null ||
        nextBreach !== null;
      if (changed) {
        updates.push({
          ticketId: t.id,
          ...due,
          firstResponseBreachedAt: found.firstResponse,
          resolutionBreachedAt: found.resolution,
          nextResponse: since && nextDue ? { since, dueAt: nextDue, breachedAt: nextBreach } : null,
        });
      }
    }
    const recorded = await applySlaUpdates(db, updates);
    for (const r of recorded) {
      const t = tickets.find((x) => x.id === r.ticketId);
      const u = updates.find((x) => x.ticketId === r.ticketId);
      if (!t || !u) continue;
      const number = formatTicketNumber(t.number);
      if (r.firstResponse && u.firstResponseBreachedAt) {
        breaches.push({
          ticketId: t.id,
          ticketNumber: number,
          kind: "first_response",
          dueAt: u.firstResponseBreachedAt,
        });
      }
      if (r.nextResponse && u.nextResponse?.breachedAt) {
        breaches.push({
          ticketId: t.id,
          ticketNumber: number,
          kind: "next_response",
          dueAt: u.nextResponse.breachedAt,
        });
      }
      if (r.resolution && u.resolutionBreachedAt) {
        breaches.push({ ticketId: t.id, ticketNumber: number, kind: "resolution", dueAt: u.resolutionBreachedAt });
      }
    }
    const last = tickets[tickets.length - 1];
    if (tickets.length < PAGE || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  for (const b of breaches) {
    await publishFeedEvent(env, {
      type: "sla.breached",
      ticketId: b.ticketId,
      ticketNumber: b.ticketNumber,
      breach: b.kind,
      dueAt: b.dueAt,
    });
  }
  return breaches;
}
