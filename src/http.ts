/** The JSON error shape every endpoint uses, and the one place errors become responses. */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { AppError } from "./core/errors";
import { redactLogText } from "./core/log-redact";
import { logError } from "./log";

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

/**
 * `app.onError`: typed errors keep their status; anything else is logged and becomes a plain 500. The log line
 * goes through logError, which redacts credentials (the path of `/t/<token>/…` included).
 */
export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) return errorResponse(err.status, err.code, err.message, err.details);
  if (err instanceof HTTPException) {
    const status = err.status;
    return errorResponse(status, STATUS_CODES[status] ?? "http_error", err.message || "Request failed");
  }
  logError("unhandled error", { path: new URL(c.req.url).pathname, name: err.name, message: err.message });
  return errorResponse(500, "internal_error", "Something went wrong on our side");
}

/** `app.notFound` (the path is echoed with any link token in it redacted, as in logs). */
export function notFound(c: Context): Response {
  const path = redactLogText(new URL(c.req.url).pathname);
  return errorResponse(404, "not_found", `No route for ${c.req.method} ${path}`);
}

/** The cap of a form post that carries text only (sign-in, a rating, the sandbox's form): 64 KiB. */
export const FORM_TEXT_MAX_BYTES = 64 * 1024;

/**
 * Hono's `bodyLimit` answering in our shape: 413 `payload_too_large` before anything reads a body over
 * `maxBytes` (by its Content-Length, or counted as it streams in when there is none). Mount it first on
 * every webhook and form route, before verification reads the body.
 */
export function webhookBodyLimit(maxBytes: number, message = "The request body is too large"): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, "payload_too_large", message);
    },
  });
}
