/** The open ticket: opening and closing it, loading its detail, read markers, and changing its fields. */
import { ApiError, api, ok, WRITE } from "./api";
import { me, T, tr } from "./boot";
import { buildComposer, fillCanned, showComposer } from "./compose";
import { confirmRisk } from "./confirm";
import { $, fail, fill, h, toast } from "./dom";
import { sendPresence } from "./feed";
import { onHeadFocusOut, renderTicketHeader } from "./header";
import { listContext, renderList, scheduleRefresh } from "./list";
import { loadContact } from "./panel";
import { riskOf } from "./selection";
import { patchRow } from "./state";
import { state } from "./store";
import { renderThread } from "./thread";
import { renderPanels } from "./ticket-panels";
import type { TicketPatch } from "./types";
import { scheduleCounts } from "./view-counts";

export async function openTicket(id: string, opts?: { keepFocus?: boolean }): Promise<void> {
  if (state.selectedId && state.selectedId !== id) sendPresence(state.selectedId, "idle");
  const changed = state.selectedId !== id;
  state.selectedId = id;
  if (changed) {
    state.detail = null;
    state.contact = null;
    state.replyTo = null;
    state.replyPinned = null;
    buildTicketShell();
  }
  if (location.hash !== `#t=${id}`) history.pushState(null, "", `#t=${id}`);
  document.body.classList.add("has-ticket");
  renderList();
  $("rd-tickets").querySelector(".selected")?.scrollIntoView({ block: "nearest" });
  await loadDetail().catch(fail);
  sendPresence(state.selectedId, "viewing");
  if (!opts?.keepFocus) $("rd-ticket").focus({ preventScroll: true });
}

export function closeTicket(): void {
  if (state.selectedId) sendPresence(state.selectedId, "idle");
  state.selectedId = null;
  state.detail = null;
  document.body.classList.remove("has-ticket");
  if (location.hash) history.pushState(null, "", location.pathname + location.search);
  fill($("rd-ticket"), h("p", { class: "placeholder", text: T.pickTicket }));
  fill($("rd-contact"));
  renderList();
}

let detailGeneration = 0;
export async function loadDetail(): Promise<void> {
  const id = state.selectedId;
  if (!id) return;
  const generation = ++detailGeneration;
  const data = await ok(api.tickets[":id"].$get({ param: { id } }));
  if (generation !== detailGeneration || state.selectedId !== id) return;
  if (data.ticket.id !== id) {
    // Merged away: the API answers with the ticket it now lives in.
    state.selectedId = data.ticket.id;
    history.replaceState(null, "", `#t=${data.ticket.id}`);
    buildTicketShell();
    toast(tr("mergedInto", { number: data.ticket.number }));
  }
  state.detail = data;
  renderTicketHeader();
  renderThread();
  renderPanels(data);
  // Every change of the ticket (a reply, a claim, a status or priority change, here or by someone else) can change
  // what the customer panel shows: its statuses, the address's proof, the identities.
  loadContact().catch(() => {});
  const row = state.list.tickets.find((t) => t.id === data.ticket.id);
  if (data.ticket.unread || row?.unread || row?.mentioned) markRead(data.ticket.id);
}

let detailTimer = 0;
export function scheduleDetail(): void {
  clearTimeout(detailTimer);
  detailTimer = window.setTimeout(() => loadDetail().catch(fail), 60);
}

async function markRead(id: string): Promise<void> {
  try {
    await ok(api.tickets[":id"].read.$post({ param: { id } }, WRITE));
    const row = state.list.tickets.find((x) => x.id === id);
    if (row?.unread || row?.mentioned) {
      state.list = patchRow(state.list, { id, unread: false, mentioned: false }, listContext());
      scheduleCounts();
      renderList();
    }
  } catch {
    // An API without read markers: nothing to do.
  }
}

/** The parts of the ticket view that survive refreshes (the composer keeps its draft). */
export function buildTicketShell(): void {
  fill(
    $("rd-ticket"),
    h(
      "div",
      { id: "rd-ticket-head", class: "ticket-head", onfocusout: onHeadFocusOut },
      h("p", { class: "placeholder", text: T.loading }),
    ),
    h("div", { id: "rd-merge", class: "merge", hidden: true }),
    h("ol", { id: "rd-thread", class: "thread", "aria-live": "polite" }),
    buildComposer(),
  );
  showComposer(state.composer, false);
  fillCanned();
  fill($("rd-contact"), h("p", { class: "placeholder", text: T.loading }));
}

/** Changes the open ticket's fields; the list, header and customer panel follow the answer. */
export async function patch(fields: TicketPatch): Promise<void> {
  const id = state.selectedId;
  if (!id) return;
  // Risky changes ask first (client/confirm.ts); the server refuses an unconfirmed resolve without a reply too.
  const shown = state.detail?.ticket;
  const risk = shown?.id === id ? riskOf(shown, fields, me.staffId) : null;
  if (risk && !(await confirmRisk(risk, state.names))) return renderTicketHeader();
  try {
    const json = risk ? { ...fields, confirm: true } : fields;
    const { ticket } = await ok(api.tickets[":id"].$patch({ param: { id }, json }, WRITE)).catch(async (err) => {
      // What this tab knew was stale (nobody had replied after all): ask, then send again.
      if (!(err instanceof ApiError && err.code === "needs_confirmation")) throw err;
      if (!(await confirmRisk({ kind: "resolveUnanswered" }, state.names))) return { ticket: null };
      return ok(api.tickets[":id"].$patch({ param: { id }, json: { ...fields, confirm: true } }, WRITE));
    });
    if (!ticket) return renderTicketHeader();
    if (state.detail && state.detail.ticket.id === ticket.id) {
      state.detail = { ...state.detail, ticket: { ...state.detail.ticket, ...ticket } };
    }
    state.list = patchRow(state.list, ticket, listContext());
    renderTicketHeader();
    renderList();
    scheduleRefresh();
    loadContact().catch(() => {});
  } catch (err) {
    fail(err);
    renderTicketHeader();
  }
}
