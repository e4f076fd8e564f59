/** The JSON error shape every endpoint uses, and the one place errors become responses. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError } from "./core/errors";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** `{"error":{"code","message"}}` with the given status. */
export function errorResponse(status: number, code: string, message: string, details?: unknown): Response {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return Response.json(body, { status });
}

const STATUS_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/** `app.onError`: typed errors keep their status; anything else is logged (no secrets) and becomes a plain 500. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) return errorResponse(err.status, err.code, err.message, err.details);
  if (err instanceof HTTPException) {
    const status = err.status;
    return errorResponse(status, STATUS_CODES[status] ?? "http_error", err.message || "Request failed");
  }
  console.error("unhandled error", { path: new URL(c.req.url).pathname, name: err.name, message: err.message });
  return errorResponse(500, "internal_error", "Something went wrong on our side");
}

/** `app.notFound`. */
export function notFound(c: Context): Response {
  return errorResponse(404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`);
}
