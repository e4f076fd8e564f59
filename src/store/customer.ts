/** Kept for store/ingest.ts's import only: the `/t/` link reads live in ticket-access.ts. */
export { conversationOfLink } from "./ticket-access";
