/**
 * Staff reads through D1 read replication (the Sessions API): each staff read runs in a session that
 * starts from the bookmark the staff client sends back (`x-d1-bookmark`), so an agent always reads their
 * own writes, or from any replica when there is none. A write (any other method) starts from the primary
 * whatever bookmark it carries: the checks its handler reads before writing (a ticket still open, not yet
 * merged, a user not disabled) must not come from a replica as old as a bookmark the client kept. Either way
 * the session's latest bookmark goes back in the same header. Ingest and delivery never use a session.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

export const BOOKMARK_HEADER = "x-d1-bookmark";
/** A D1 bookmark: hex groups joined by dashes (anything else is ignored, never passed to D1). */
const BOOKMARK = /^[0-9a-f]{1,16}(?:-[0-9a-f]{1,64}){1,7}$/i;

/** A session wearing the D1Database shape, so store functions take it unchanged. */
function sessionDatabase(primary: D1Database, session: D1DatabaseSession): D1Database {
  return {
    prepare: (query: string) => session.prepare(query),
    batch: <T>(statements: D1PreparedStatement[]) => session.batch<T>(statements),
    exec: (query: string) => primary.exec(query),
    dump: () => primary.dump(),
    withSession: (constraint?: D1SessionConstraint | D1SessionBookmark) => primary.withSession(constraint),
  } as D1Database;
}

/**
 * Opens the request's session: a read from the client's bookmark, else `first-unconstrained`; a write always
 * `first-primary`. A runtime without sessions (or a WebSocket upgrade) keeps the plain binding.
 */
export const d1Session: MiddlewareHandler<AppEnv> = async (c, next) => {
  const primary = c.env.DB;
  if (typeof primary.withSession !== "function" || c.req.header("upgrade")) return next();
  const read = c.req.method === "GET" || c.req.method === "HEAD";
  const asked = read ? c.req.header(BOOKMARK_HEADER)?.trim() : undefined;
  const start = !read
    ? "first-primary"
    : asked && asked.length <= 200 && BOOKMARK.test(asked)
      ? asked
      : "first-unconstrained";
  const session = primary.withSession(start);
  c.env = { ...c.env, DB: sessionDatabase(primary, session) };
  await next();
  const bookmark = session.getBookmark();
  if (bookmark && c.res.status !== 101) c.header(BOOKMARK_HEADER, bookmark);
};
