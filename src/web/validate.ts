/**
 * Request validation at the edge with Hono's own `validator` and zod: every body, query and path
 * parameter is checked before the handler runs, and `c.req.valid(...)` hands the handler typed data
 * (the same types `hc` gives a client). Every failure is the JSON error shape, never Hono's text.
 */
import type { Context, Env, MiddlewareHandler } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { AppError, NotFoundError, ValidationError } from "../core/errors";

/** zod issues as `{ path, message }` pairs for the error's `details`; `root` names the whole value. */
export function issuesOf(err: z.ZodError, root = "(body)"): Array<{ path: string; message: string }> {
  return err.issues.map((i) => ({ path: i.path.join(".") || root, message: i.message }));
}

/**
 * Validates any value against `schema`, throwing a ValidationError (400 `validation_failed`) listing the
 * issues; an issue with the whole value (an unknown key) is named `root`.
 */
export function check<S extends z.ZodType>(schema: S, value: unknown, root = "(body)"): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError("The request is not valid", issuesOf(parsed.error, root));
  return parsed.data;
}

/** What a validator adds to a route's types: the client's input and the handler's `c.req.valid(target)`. */
type Validated<T extends "json" | "query" | "param", In, Out> = {
  in: { [K in T]: In };
  out: { [K in T]: Out };
};

const JSON_TYPE = /^application\/json\b/i;

/**
 * The JSON body against `schema`: 415 `unsupported_media_type` when not JSON, 400 `invalid_json` when
 * malformed, 400 `validation_failed` when it does not match. No body at all counts as `{}`.
 */
export function jsonBody<S extends z.ZodType>(
  schema: S,
): MiddlewareHandler<Env, string, Validated<"json", z.input<S>, z.output<S>>> {
  const validate = validator("json", async (_value, c: Context): Promise<unknown> => check(schema, await jsonOf(c)));
  return async (c, next) => {
    // Read here first (Hono caches the body for the validator) so a malformed body is our 400, not Hono's text.
    await jsonOf(c);
    return validate(c, next);
  };
}

/**
 * The JSON body, unchecked, for a route that must answer something else first (a 404 for what the path
 * names): 415 when not JSON, 400 `invalid_json` when malformed. Pass it to `check`.
 */
export async function jsonOf(c: Context): Promise<unknown> {
  // `curl -X POST` on a route whose fields are all optional (a new token, a retry): an empty object.
  if (sendsNoBody(c)) return {};
  if (!JSON_TYPE.test(c.req.header("Content-Type") ?? "")) {
    throw new AppError(415, "unsupported_media_type", "Send the body as application/json");
  }
  try {
    return await c.req.json();
  } catch {
    throw new AppError(400, "invalid_json", "The body is not valid JSON");
  }
}

/**
 * True when the request has no body at all and names no type: no `Content-Type`, and no body or a
 * declared length of 0. A body of any kind, or any declared type, is read and checked as usual.
 */
export function sendsNoBody(c: Context): boolean {
  if (c.req.header("Content-Type") !== undefined) return false;
  return c.req.raw.body === null || c.req.header("Content-Length")?.trim() === "0";
}

/** The query string against `schema` (a repeated key counts once, its first value); 400 when invalid. */
export function query<S extends z.ZodType>(
  schema: S,
): MiddlewareHandler<Env, string, Validated<"query", z.input<S>, z.output<S>>> {
  return validator("query", (_value, c) => check(schema, c.req.query(), "(query)")) as MiddlewareHandler;
}

const PASS: MiddlewareHandler = async (_c, next) => {
  await next();
};

/**
 * Declares for `hc` what a route takes (`In`, a JSON body unless `target` says query) when its handler
 * reads and checks the request itself: the web form takes JSON or a multipart form after its own gate,
 * `/verify` answers an overlong query in its own words. Types only: it reads nothing.
 */
export function accepts<In, T extends "json" | "query" = "json">(
  _target?: T,
): MiddlewareHandler<Env, string, { in: { [K in T]: In }; out: Record<never, never> }> {
  return PASS;
}

/**
 * Path parameters, each against its schema. A malformed one is 400 `validation_failed`, or, with
 * `notFound`, a plain 404 (a malformed id names nothing that exists).
 */
export function params<Shape extends Record<string, z.ZodType<string>>>(
  shape: Shape,
  notFound?: string,
): MiddlewareHandler<
  Env,
  string,
  Validated<"param", { [K in keyof Shape]: string }, { [K in keyof Shape]: z.output<Shape[K]> }>
> {
  return validator("param", (_value, c) => {
    const out: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(shape)) {
      const raw = c.req.param(name);
      if (notFound !== undefined && !schema.safeParse(raw).success) throw new NotFoundError(notFound);
      out[name] = check(schema, raw);
    }
    return out;
  }) as MiddlewareHandler;
}
