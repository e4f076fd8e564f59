/** Reads a chat message's body: JSON, or multipart with its files under `files`. */
import type { Context } from "hono";
import { AppError } from "../../../src/core/errors";
import type { AppEnv } from "../../../src/env";
import { bodyKind, type FormBody } from "../request";

export async function readChatBody(c: Context<AppEnv>): Promise<FormBody> {
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
  for (const [name, value] of form.entries()) {
    if (name === "files") {
      if (typeof value !== "string" && (value.size > 0 || value.name !== "")) files.push(value);
      continue;
    }
    if (typeof value === "string" && !(name in fields)) fields[name] = value;
  }
  return { fields, files };
}
