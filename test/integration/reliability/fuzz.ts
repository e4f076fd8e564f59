/**
 * A small, seeded fuzzer for HTTP endpoints: malformed, truncated, oversized, mistyped and random
 * bodies, queries and headers, built from a valid sample of each endpoint's input where there is
 * one. Webhook payloads are signed after fuzzing, so they reach the parser instead of stopping
 * at the signature check.
 */
import { env } from "cloudflare:workers";
import { signRelay } from "../../../channels/discord";
import { relayMessage, snowflake, supportSubmit } from "../channels/discord/builders";
import { nowSeconds, signInteraction } from "../channels/discord/harness";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { formPayload, uniqueIp } from "../channels/webform/builders";
import { BOOTSTRAP } from "../support";
import type { Delivery } from "./harness";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Endpoint {
  method: string;
  /** Hono path pattern, e.g. `/t/:token/replies`. */
  path: string;
}

export interface Profile {
  /** A valid input to mutate, when the endpoint takes one. */
  sample?: () => Json;
  /** Path parameters to use instead of random ones (mostly; a tenth of the cases stay random). */
  params?: Record<string, string[]>;
  /** Adds credentials for the final bytes (so the fuzz reaches the parser). */
  sign?: (body: string) => Promise<Record<string, string>>;
}

const TELEGRAM_SECRET = (env as unknown as { TELEGRAM_WEBHOOK_SECRET: string }).TELEGRAM_WEBHOOK_SECRET;
const RELAY_SECRET = (env as unknown as { DISCORD_RELAY_SECRET: string }).DISCORD_RELAY_SECRET;

const PROFILES: Array<[RegExp, Profile]> = [
  [
    /^\/webhooks\/telegram$/,
    {
      sample: () => telegramUpdate({ chatId: newChatId(), text: "fuzz sample" }) as unknown as Json,
      sign: async () => ({ "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET }),
    },
  ],
  [
    /^\/webhooks\/discord$/,
    {
      sample: () => supportSubmit({ subject: "fuzz", description: "fuzz sample" }) as unknown as Json,
      sign: async (body) => {
        const ts = nowSeconds();
        return { "X-Signature-Timestamp": ts, "X-Signature-Ed25519": await signInteraction(ts, body) };
      },
    },
  ],
  [
    /^\/webhooks\/discord\/relay$/,
    {
      sample: () => relayMessage({ userId: snowflake(), content: "fuzz sample" }) as unknown as Json,
      sign: async (body) => {
        const ts = nowSeconds();
        return { "X-Relay-Timestamp": ts, "X-Relay-Signature": await signRelay(RELAY_SECRET, ts, body) };
      },
    },
  ],
  [/^\/api\/tickets$/, { sample: () => formPayload() as unknown as Json }],
  [
    /^\/webhooks\/email\/:provider$/,
    {
      // Postmark's JSON inbound post, with its basic-auth credentials (Mailgun and SendGrid post forms).
      params: { provider: ["postmark"] },
      sample: () =>
        ({
          From: "fuzz@customer.test",
          FromFull: { Email: "fuzz@customer.test", Name: "Fuzz" },
          ToFull: [{ Email: "support@relaydesk.test", Name: "" }],
          CcFull: [],
          OriginalRecipient: "support@relaydesk.test",
          Subject: "fuzz sample",
          TextBody: "fuzz sample",
          Headers: [{ Name: "Message-ID", Value: `<${crypto.randomUUID()}@customer.test>` }],
          Attachments: [],
        }) as Json,
      sign: async () => ({
        Authorization: `Basic ${btoa((env as unknown as { POSTMARK_INBOUND_AUTH: string }).POSTMARK_INBOUND_AUTH ?? "")}`,
      }),
    },
  ],
  [/^\/t\/:[^/]+\/replies$/, { sample: () => ({ body: "fuzz sample", idempotencyKey: crypto.randomUUID() }) }],
  [
    /^\/api\/staff\//,
    {
      sample: () => ({ body: "fuzz", status: "open", name: "fuzz", role: "agent", priority: "high", tags: ["a"] }),
      sign: async () => ({ Authorization: `Bearer ${BOOTSTRAP}` }),
    },
  ],
];

/** The valid sample, fixed path parameters and signer of an endpoint (shared with hostile.test.ts). */
export function profileOf(path: string): Profile {
  return PROFILES.find(([re]) => re.test(path))?.[1] ?? {};
}

/** encodeURIComponent that survives lone surrogates (it throws on them). */
function enc(s: string): string {
  return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "\ufffd"));
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const int = (r: () => number, max: number) => Math.floor(r() * max);

const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "💥".repeat(50),
  "<script>alert(1)</script>",
  "'; DROP TABLE tickets; --",
  "%00%ff",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "NaN",
  "-1",
  "1e309",
  "9".repeat(40),
  "null",
  "true",
  "中文客服",
  "\r\n\r\n",
  "{{ticket}}",
];

function randomString(r: () => number): string {
  if (r() < 0.5) return pick(r, NASTY_STRINGS);
  const n = int(r, 40);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(r, r() < 0.8 ? 0x80 : 0xffff));
  return s;
}

/** A random JSON value, `depth` levels at most. */
function randomJson(r: () => number, depth = 3): Json {
  const k = int(r, depth > 0 ? 8 : 5);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, [0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE]);
    case 3:
    case 4:
      return randomString(r);
    case 5:
    case 6:
      return Array.from({ length: int(r, 4) }, () => randomJson(r, depth - 1));
    default:
      return Object.fromEntries(
        Array.from({ length: int(r, 5) }, () => [randomString(r), randomJson(r, depth - 1)] as [string, Json]),
      );
  }
}

/** Paths of a JSON value's leaves and branches. */
function pathsOf(v: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (v === null || typeof v !== "object") return [prefix];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => pathsOf((v as Record<string, Json>)[k as string] as Json, [...prefix, k]))];
}

function setAt(v: Json, path: Array<string | number>, value: Json | undefined): Json {
  if (!path.length) return value ?? null;
  const copy = structuredClone(v) as Record<string, Json>;
  let node = copy as Record<string, Json>;
  for (const k of path.slice(0, -1)) node = node[k as string] as Record<string, Json>;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as Json;
}

/** A value of another type than `old` (so a validated field breaks). */
function mistyped(r: () => number, old: Json): Json {
  const options: Json[] = [null, [], {}, true, -1, Number.POSITIVE_INFINITY, randomString(r), [randomJson(r, 1)]];
  return pick(
    r,
    options.filter((o) => typeof o !== typeof old || Array.isArray(o) !== Array.isArray(old)),
  );
}

export type Mutation =
  | "random-bytes"
  | "random-json"
  | "truncated"
  | "mistyped-field"
  | "dropped-field"
  | "oversized"
  | "deep-nesting"
  | "wrong-content-type"
  | "empty"
  | "garbage-query";

const MUTATIONS: Mutation[] = [
  "random-bytes",
  "random-json",
  "truncated",
  "truncated",
  "mistyped-field",
  "mistyped-field",
  "dropped-field",
  "deep-nesting",
  "wrong-content-type",
  "empty",
  "garbage-query",
];

/** Mutations whose result is malformed whatever the endpoint: these must never write. */
export const ALWAYS_MALFORMED: ReadonlySet<Mutation> = new Set([
  "random-bytes",
  "random-json",
  "truncated",
  "oversized",
  "deep-nesting",
  "wrong-content-type",
  "empty",
  "garbage-query",
]);

export interface FuzzCase {
  mutation: Mutation;
  /** What was changed (the field path of a mistyped or dropped field). */
  detail: string;
  delivery: Delivery;
}

/** Fills a route's parameters with random ids (nothing real: the fuzz must never reach a stored row by luck). */
function concretePath(r: () => number, path: string, params: Record<string, string[]> = {}): string {
  return path.replace(/:([A-Za-z_]\w*)(\{[^}]*\})?/g, (_, name: string) =>
    params[name] && r() < 0.9
      ? pick(r, params[name] as string[])
      : enc(pick(r, [crypto.randomUUID(), "tkt_000", "%", "..", "a".repeat(300), randomString(r) || "x"])),
  );
}

/** One fuzzed request for `endpoint`. Every 100th case is oversized (beyond any body limit). */
export async function fuzzCase(r: () => number, endpoint: Endpoint, index: number): Promise<FuzzCase> {
  const profile = profileOf(endpoint.path);
  const mutation: Mutation = index % 100 === 99 ? "oversized" : pick(r, MUTATIONS);
  const sample: Json = profile.sample?.() ?? { text: "sample", id: 1 };
  let body: string | Uint8Array;
  let contentType = "application/json";
  let query = "";
  let detail = "";
  switch (mutation) {
    case "random-bytes":
      body = crypto.getRandomValues(new Uint8Array(int(r, 2048)));
      contentType = pick(r, ["application/json", "application/octet-stream", "multipart/form-data; boundary=x"]);
      break;
    case "random-json":
      body = JSON.stringify(randomJson(r, 4));
      break;
    case "truncated": {
      const full = JSON.stringify(sample);
      body = full.slice(0, Math.max(1, int(r, full.length - 1)));
      break;
    }
    case "mistyped-field": {
      const paths = pathsOf(sample).filter((p) => p.length);
      const path = pick(r, paths.length ? paths : [[]]);
      let old: Json = sample;
      for (const k of path) old = (old as Record<string, Json>)[k as string] as Json;
      const value = mistyped(r, old);
      detail = `${path.join(".")}=${JSON.stringify(value)?.slice(0, 30)}`;
      body = JSON.stringify(setAt(sample, path, value));
      break;
    }
    case "dropped-field": {
      const paths = pathsOf(sample).filter((p) => p.length === 1);
      const path = paths.length ? pick(r, paths) : [];
      detail = `-${path.join(".")}`;
      body = JSON.stringify(paths.length ? setAt(sample, path, undefined) : {});
      break;
    }
    case "oversized":
      body = JSON.stringify(setAt(sample, pathsOf(sample).at(-1) ?? [], "x".repeat(1_200_000 + int(r, 500_000))));
      break;
    case "deep-nesting": {
      const depth = 2000 + int(r, 20_000);
      body = `${"[".repeat(depth)}${"]".repeat(r() < 0.5 ? depth : int(r, depth))}`;
      break;
    }
    case "wrong-content-type":
      // A well-formed body under a wrong type is not malformed (a signed webhook may rightly take it): garble it too.
      body = JSON.stringify(sample).slice(0, -1);
      contentType = pick(r, ["text/plain", "application/xml", "image/png", "", "application/json; charset=utf-7"]);
      break;
    case "empty":
      body = "";
      break;
    case "garbage-query":
      body = JSON.stringify(randomJson(r, 2));
      query = `?${Array.from(
        { length: 1 + int(r, 5) },
        () =>
          `${enc(pick(r, ["status", "channel", "cursor", "q", "limit", "lang", "assignee", "since", randomString(r)]))}=${enc(randomString(r))}`,
      ).join("&")}`;
      break;
  }
  const bytes = typeof body === "string" ? body : new TextDecoder("latin1").decode(body);
  const headers: Record<string, string> = {
    ...(contentType ? { "Content-Type": contentType } : {}),
    Accept: pick(r, ["application/json", "text/html", "*/*"]),
    "CF-Connecting-IP": uniqueIp(),
    ...((await profile.sign?.(bytes)) ?? {}),
  };
  // The signed string is what is sent (random bytes as latin1 text), so signatures match the bytes on the wire.
  return {
    mutation,
    detail,
    delivery: {
      method: endpoint.method,
      path: `${concretePath(r, endpoint.path, profile.params)}${query}`,
      headers,
      body: bytes,
    },
  };
}

/** Signs of a leaked stack trace or internals in a response body. */
export const STACK_TRACE =
  /\n\s+at\s|\bat \S+ \([^)]*:\d+:\d+\)|\.(ts|tsx|js|mjs):\d+:\d+|node_modules\/|webpack:|file:\/\//;
