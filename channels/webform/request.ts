/** The front door of the form endpoints: content type, size limit, rate limit, body reading. */
import type { Context, MiddlewareHandler } from "hono";
import { clientNetwork } from "../../src/core/client-network";
import { AppError, ValidationError } from "../../src/core/errors";
import type { AppEnv } from "../../src/env";
import { webhookBodyLimit } from "../../src/http";
import { sendsNoBody } from "../../src/web/validate";

/** JSON and urlencoded bodies carry text only. */
export const TEXT_BODY_MAX_BYTES = 64 * 1024;

export type BodyKind = "json" | "multipart" | "urlencoded";

/** What the client sent, from its Content-Type; anything else is a 415. */
export function bodyKind(contentType: string | undefined): BodyKind {
  const type = (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "multipart/form-data") return "multipart";
  if (type === "application/x-www-form-urlencoded") return "urlencoded";
  throw new AppError(
    415,
    "unsupported_media_type",
    "Send application/json, multipart/form-data or application/x-www-form-urlencoded",
  );
}

/** A browser form post (show it a page), as opposed to an API client (give it JSON). */
export function wantsHtml(c: Context): boolean {
  const accept = c.req.header("Accept") ?? "";
  return accept.includes("text/html") && !accept.includes("application/json");
}

/**
 * Content type (415; with `bodyOptional`, a request without any body passes), then body size (413), then the per-IP rate limit (429), in that order,
 * before anything reads the body.
 */
export function formGate(opts: { bodyOptional?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // A route that reads no body (mail a new link) takes a bare POST as it is.
    if (!(opts.bodyOptional && sendsNoBody(c))) bodyKind(c.req.header("Content-Type"));
    await formBodyLimit(c, async () => {
      await rateLimit(c);
      await next();
    });
  };
}

/**
 * The size cap (413) by what the body may carry: files only in multipart (the attachments' total),
 * text only in any other body (64 KiB), so a JSON body is never read past 64 KiB.
 */
export const formBodyLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = (c.req.header("Content-Type") ?? "").split(";", 1)[0]?.trim().toLowerCase();
  const config = c.get("config");
  const maxSize =
    type === "multipart/form-data"
      ? config.attachmentMaxCount * config.attachmentMaxBytes + TEXT_BODY_MAX_BYTES
      : TEXT_BODY_MAX_BYTES;
  return webhookBodyLimit(maxSize, `The body may be at most ${maxSize} bytes`)(c, next);
};

async function rateLimit(c: Context<AppEnv>): Promise<void> {
  // Cloudflare sets CF-Connecting-IP on every request that reaches a Worker; an IPv6 client counts by its /64.
  const key = clientNetwork(c.req.header("CF-Connecting-IP") ?? "unknown");
  const { success } = await c.env.FORM_RATE_LIMITER.limit({ key: `webform:${key}` });
  if (!success)
    throw new AppError(429, "rate_limited", "Too many submissions from this address; try again in a minute");
}

/** A body's text fields and uploaded files, whatever the content type. */
export interface FormBody {
  fields: Record<string, unknown>;
  files: File[];
}

/** The multipart fields that carry files: the form's own `attachments`, and `files` (the chat's name). */
export const FILE_FIELDS: readonly string[] = ["attachments", "files"];

/**
 * Reads the body the gate let through (JSON, or multipart with its files under `attachments` or `files`).
 * Malformed bodies are a 400, and so is a file under any other field (never dropped in silence); nothing
 * is written.
 */
export async function readFormBody(c: Context<AppEnv>): Promise<FormBody> {
  const kind = bodyKind(c.req.header("Content-Type"));
  if (kind === "json") {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new AppError(400, "invalid_json", "The body is not valid JSON");
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new AppError(400, "invalid_json", "The body must be a JSON object");
    }
    return { fields: raw as Record<string, unknown>, files: [] };
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new AppError(400, "invalid_form", "The form body could not be parsed");
  }
  const fields: Record<string, unknown> = {};
  const files: File[] = [];
  const misplaced = new Set<string>();
  for (const [name, value] of form.entries()) {
    // A file input left empty arrives as a nameless, empty part: not an attachment.
    const isFile = typeof value !== "string" && (value.size > 0 || value.name !== "");
    if (FILE_FIELDS.includes(name)) {
      if (isFile) files.push(value);
      continue;
    }
    if (isFile) misplaced.add(name);
    else if (typeof value === "string" && !(name in fields)) fields[name] = value;
  }
  if (misplaced.size > 0) {
    throw new ValidationError(
      `Files go in the field "attachments" (or "files")`,
      [...misplaced].map((name) => ({ path: name.slice(0, 64), message: 'a file here: send it as "attachments"' })),
    );
  }
  return { fields, files };
}

/** The client's idempotency key: the body's field, else (for API clients) the `Idempotency-Key` header. */
export function idempotencyKeyOf(c: Context, fields: Record<string, unknown>): unknown {
  return fields.idempotencyKey ?? c.req.header("Idempotency-Key");
}
