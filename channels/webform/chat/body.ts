/** Reads a chat message's body: JSON, or multipart with its files under `files` (the form's reader). */
import type { Context } from "hono";
import type { AppEnv } from "../../../src/env";
import { type FormBody, readFormBody } from "../request";

export function readChatBody(c: Context<AppEnv>): Promise<FormBody> {
  return readFormBody(c);
}
