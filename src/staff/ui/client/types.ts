/**
 * What the inbox reads from the staff API and the live feed, derived from the server's own types
 * (`hc<StaffApiType>` answers, the feed hub's messages): nothing is redeclared here.
 */
import type { hc, InferRequestType, InferResponseType } from "hono/client";
import type { FeedMessage, PresenceEvent, SequencedFeedEvent } from "../../../feed/hub";
import type { StaffApiType } from "../../api";

type Client = ReturnType<typeof hc<StaffApiType>>;

/** A row of `GET /tickets`. */
export type ListTicket = InferResponseType<Client["tickets"]["$get"], 200>["tickets"][number];
/** The query `GET /tickets` takes. */
export type ListRequest = InferRequestType<Client["tickets"]["$get"]>["query"];
/** `GET /tickets/:id`: the ticket, its messages, what triage found. */
export type TicketDetail = InferResponseType<Client["tickets"][":id"]["$get"], 200>;
export type DetailTicket = TicketDetail["ticket"];
export type ThreadMessage = TicketDetail["messages"][number];
/** One customer's conversation inside a (possibly merged) ticket. */
export type Conversation = DetailTicket["conversations"][number];
/** `PATCH /tickets/:id`'s body. */
export type TicketPatch = InferRequestType<Client["tickets"][":id"]["$patch"]>["json"];
/** `GET /contacts/:id`: the customer panel. */
export type ContactPanel = InferResponseType<Client["contacts"][":id"]["$get"], 200>;
export type CannedReply = InferResponseType<Client["canned"]["$get"], 200>["canned"][number];
export type StaffEntry = InferResponseType<Client["directory"]["$get"], 200>["staff"][number];

export type { FeedMessage, PresenceEvent, SequencedFeedEvent };
/** What a tab tells the others it is doing on a ticket. */
export type PresenceState = PresenceEvent["state"];
