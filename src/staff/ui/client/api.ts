/**
 * The typed staff API client (`hc<StaffApiType>`): paths, params, bodies and answers are checked by
 * the compiler. Reads send `Accept: application/json`; writes add the session's CSRF token.
 */
import { hc } from "hono/client";
import type { StaffApiType } from "../../api";
import { csrf, T } from "./boot";

/** The D1 bookmark of this tab's latest answer: sent back so the next read sees this agent's own writes. */
let bookmark: string | null = null;

/** fetch that carries the bookmark both ways (`x-d1-bookmark`, src/staff/d1-session.ts). */
const bookmarkedFetch: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  if (bookmark) headers.set("x-d1-bookmark", bookmark);
  const res = await fetch(input, { ...init, headers });
  bookmark = res.headers.get("x-d1-bookmark") ?? bookmark;
  return res;
};

export const api = hc<StaffApiType>("/api/staff", {
  headers: { Accept: "application/json" },
  init: { credentials: "same-origin" },
  fetch: bookmarkedFetch,
});

/** The options of every write: the CSRF token the session's cookie is checked against. */
export const WRITE = { headers: { Accept: "application/json", "X-CSRF-Token": csrf } };

/** An API answer that was not 2xx: its status and the JSON error's code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** The JSON error's `details` (e.g. the tickets a bulk action refused). */
  readonly details: unknown;
  constructor(message: string, status: number, code: string | undefined, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

interface Answer {
  ok: boolean;
  status: number;
  statusText: string;
  json(): Promise<unknown>;
}

/**
 * The JSON of a 2xx answer (typed by the route; null for 204). A 401 sends the browser to sign in;
 * any other failure throws ApiError with the API's message.
 */
export async function ok<R extends Answer>(pending: Promise<R>): Promise<Awaited<ReturnType<R["json"]>>> {
  const res = await pending;
  if (res.status === 401) {
    location.href = `/staff/login?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
    throw new Error(T.signedOut);
  }
  if (res.status === 204) return null as Awaited<ReturnType<R["json"]>>;
  const data = (await res.json().catch(() => null)) as {
    error?: { message?: string; code?: string; details?: unknown };
  } | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(e?.message || `${res.status} ${res.statusText}`, res.status, e?.code, e?.details);
  }
  return data as Awaited<ReturnType<R["json"]>>;
}
