/** Request parsing with zod: every body and query is validated before anything happens. */
import type { Context } from "hono";
import type { z } from "zod";
import { AppError, ValidationError } from "./core/errors";

/** zod issues as `{ path, message }` pairs for the error's `details`. */
export function issuesOf(err: z.ZodError): Array<{ path: string; message: string }> {
  return err.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
}

/** Parses a JSON body against `schema`: 415 when not JSON, 400 when malformed or invalid. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as application/json");
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError(400, "invalid_json", "The body is not valid JSON");
  }
  return validate(schema, raw);
}

/** Parses the query string against `schema` (400 when invalid). */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return validate(schema, c.req.query());
}

/** Validates any value against `schema`, throwing a ValidationError listing the issues. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError("The request is not valid", issuesOf(parsed.error));
  return parsed.data;
}
