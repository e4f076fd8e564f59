/** The tab's state: what is shown and what is being worked on. The views read it; the modules that load data write it. */
import { me } from "./boot";
import type { PresenceMap } from "./presence";
import { type ListQuery, type ListState, loadedList } from "./state";
import type { CannedReply, ContactPanel, SequencedFeedEvent, StaffEntry, TicketDetail } from "./types";

export const state = {
  query: { view: "all", filters: { status: "", priority: "", category: "", tag: "" }, q: "" } as ListQuery,
  list: loadedList([], null) as ListState,
  nextCursor: null as string | null,
  /** The API answered 400 to `view`: ask with the older filters instead. */
  viewParamUnsupported: false,
  /** Rows the list should show ("Load more" adds a page). */
  wanted: 50,
  selectedId: null as string | null,
  detail: null as TicketDetail | null,
  contact: null as ContactPanel | null,
  canned: null as CannedReply[] | null,
  /** Whom an admin may assign to (null for agents: they claim). */
  staff: null as StaffEntry[] | null,
  presence: new Map() as PresenceMap,
  /** staffId -> name, from presence, the staff list and me. */
  names: new Map<string, string>([[me.staffId, me.name]]),
  /** The newest feed seq seen. */
  lastSeq: null as number | null,
  /** Feed events since the list's last load began, replayed onto the load's answer. */
  sinceLoad: [] as SequencedFeedEvent[],
  /** ids of tickets created since the page loaded, highlighted for a moment. */
  fresh: new Set<string>(),
  drafts: new Map<string, { reply?: string; note?: string }>(),
  composer: "reply" as "reply" | "note",
  /** The customer message a reply answers (tickets merged from several customers). */
  replyTo: null as string | null,
  /** The conversation the reply box showed when the reply draft began (reply-target.ts); null: no draft. */
  replyPinned: null as string | null,
  /** Phones fold the ticket's controls away until asked (the conversation gets the screen). */
  controlsOpen: false,
  /** When this tab last said "typing" (0: not typing). */
  typingSince: 0,
};
