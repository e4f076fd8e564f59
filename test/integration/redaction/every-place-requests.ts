/**
 * The requests every-place.test.ts sends its inputs with (each waits for its background work, `waitUntil`, so
 * what it stores or logs after the answer is there too), and what the inputs hand back for the scan.
 */
import { rand } from "../channels/webform/chat-helpers";
import { BOOTSTRAP, fetchSettled } from "../support";
import { pasted, type Secret } from "./every-place-scan";

export type Inputs = Record<string, (s: Secret) => Promise<void>>;
export const BASE = "http://relaydesk.test";

/** Inputs whose field holds at most so many characters: their phrase, words joined by `_`, is drawn to fit. */
export const PHRASE_WITHIN: Record<string, number> = { "live chat session, messages and client ids": 64 };

/** What the deliveries queue was handed (a recording queue stands in for it where a test reads it). */
export const queuePayloads: string[] = [];

/** Credentials the requests carried (link tokens, session tokens, interaction tokens): never in a log line. */
export const credentials: string[] = [];

export const phraseOf = (s: Secret) => s.words.join(" ");
export const halves = (s: Secret) => [s.words.slice(0, 6).join(" "), s.words.slice(6).join(" ")] as const;
let ip = 0;
export const nextIp = () => `10.77.${Math.floor(++ip / 250) % 250}.${1 + (ip % 250)}`;

export async function settled(
  path: string,
  init: RequestInit & { headers?: Record<string, string> },
): Promise<Response> {
  return fetchSettled(`${BASE}${path}`, {
    ...init,
    headers: { "CF-Connecting-IP": nextIp(), ...init.headers },
    redirect: "manual",
  });
}

export const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  settled(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** A staff API call with the bootstrap token. */
export function staffPost(body: unknown): RequestInit & { headers: Record<string, string> } {
  return {
    method: "POST",
    headers: { Authorization: `Bearer ${BOOTSTRAP}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
}

/** A web form submission holding the secret. */
export function formOf(s: Secret) {
  return { email: `${rand("w")}@example.com`, subject: `password: ${s.password}`, description: pasted(s) };
}

/** A D1 binding whose every query fails, as an outage does. */
export function failingDb(): D1Database {
  const fail = () => {
    throw new Error("D1_ERROR: Network connection lost.");
  };
  const statement = { bind: () => statement, first: fail, all: fail, run: fail, raw: fail };
  return {
    prepare: () => statement,
    batch: fail,
    exec: fail,
    dump: fail,
    withSession: () => failingDb(),
  } as unknown as D1Database;
}
