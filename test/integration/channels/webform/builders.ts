import { env, exports } from "cloudflare:workers";
import { scopedSubmissionKey } from "../../../../channels/webform/submission-key";
import { sha256Hex } from "../../../../src/core/ids";

export const BASE = "http://relaydesk.test";
export const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** A short unique marker, so each test counts only the rows it made (storage is shared). */
export function unique(prefix = "t"): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

/** A fresh client address: the form is rate limited per IP, and tests must not share a budget. */
export function uniqueIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export interface FormFields {
  email?: string;
  name?: string;
  category?: string;
  subject?: string;
  description?: string;
  uid?: string;
  txid?: string;
  lang?: string;
  idempotencyKey?: string;
  website?: string;
  [field: string]: string | undefined;
}

/** A valid submission with unique email, subject, description and key; override any field. */
export function formPayload(
  overrides: FormFields = {},
): FormFields & { email: string; subject: string; description: string; idempotencyKey: string } {
  const id = unique();
  return {
    email: `${id}@example.com`,
    name: "Alice Example",
    category: "deposit",
    subject: `Deposit missing ${id}`,
    description: `My USDT deposit has not arrived ${id}`,
    lang: "en",
    idempotencyKey: `key-${id}`,
    ...overrides,
  } as FormFields & { email: string; subject: string; description: string; idempotencyKey: string };
}

interface RequestOpts {
  headers?: Record<string, string>;
  ip?: string;
  /** Ask like a browser form post (Accept: text/html). */
  browser?: boolean;
}

/**
 * The network a client with this idempotency key posts from, unless a test says otherwise: the same
 * client repeats from the same address (a double click, a retry), and each client has its own rate budget.
 */
export function clientIpOf(idempotencyKey: unknown): string {
  if (typeof idempotencyKey !== "string") return uniqueIp();
  let h = 2166136261;
  for (const ch of idempotencyKey) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  h >>>= 0;
  return `10.${h & 255}.${(h >>> 8) & 255}.${(h >>> 16) & 255}`;
}

/** The idempotency key a body or header carries, for its default client address. */
function keyOf(body: unknown, opts: RequestOpts): unknown {
  const fromBody =
    body instanceof FormData
      ? body.get("idempotencyKey")
      : typeof body === "object" && body !== null
        ? (body as Record<string, unknown>).idempotencyKey
        : undefined;
  return fromBody ?? opts.headers?.["Idempotency-Key"];
}

function headersOf(opts: RequestOpts, extra: Record<string, string> = {}, body?: unknown): Record<string, string> {
  return {
    "CF-Connecting-IP": opts.ip ?? clientIpOf(keyOf(body, opts)),
    ...(opts.browser ? { Accept: BROWSER_ACCEPT } : {}),
    ...extra,
    ...opts.headers,
  };
}

/** POSTs a JSON body (or a raw string, sent as is). */
export function postJson(path: string, body: unknown, opts: RequestOpts = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: headersOf(opts, { "Content-Type": "application/json" }, body),
    body: typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
}

export interface FilePart {
  name: string;
  type: string;
  data: Uint8Array | string;
}

/** POSTs multipart/form-data the way a browser does, files under `attachments`. */
export function postMultipart(
  path: string,
  fields: Record<string, string | undefined>,
  files: FilePart[] = [],
  opts: RequestOpts = {},
): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
  for (const f of files) form.append("attachments", new File([f.data], f.name, { type: f.type }));
  return exports.default.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: headersOf(opts, {}, form),
    body: form,
    redirect: "manual",
  });
}

/** POSTs application/x-www-form-urlencoded. */
export function postUrlencoded(path: string, fields: Record<string, string | undefined>, opts: RequestOpts = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.append(k, v);
  return exports.default.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: headersOf(opts, { "Content-Type": "application/x-www-form-urlencoded" }, fields),
    body: body.toString(),
    redirect: "manual",
  });
}

/** GETs a path, optionally like a browser. */
export function get(path: string, opts: RequestOpts = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, { headers: headersOf(opts), redirect: "manual" });
}

/** The smallest real PNG: a 1x1 transparent pixel. */
export const PNG_1X1 = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (ch) => ch.charCodeAt(0),
);

export async function count(sql: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Rows a submission with this email, subject and description may have left anywhere. */
export async function rowsFor(p: { email: string; subject: string; description: string }) {
  const [tickets, messages, contacts, attachments] = await Promise.all([
    count("SELECT COUNT(*) AS n FROM tickets WHERE subject = ?1", p.subject),
    count("SELECT COUNT(*) AS n FROM messages WHERE body = ?1", p.description),
    count("SELECT COUNT(*) AS n FROM contacts WHERE email = ?1", p.email),
    count(
      `SELECT COUNT(*) AS n FROM attachments a JOIN messages m ON m.id = a.message_id
        WHERE m.body = ?1`,
      p.description,
    ),
  ]);
  return { tickets, messages, contacts, attachments };
}

/**
 * The dedupe key (provider id, and `webform:<key>` the conversation) a submission is stored under: its
 * idempotency key scoped to the submission and the network it came from (channels/webform/submission-key.ts).
 */
export function submissionKeyOf(
  p: { idempotencyKey: string; email: string; subject: string; description: string },
  files: FilePart[] = [],
  ip: string = clientIpOf(p.idempotencyKey),
): Promise<string> {
  return scopedSubmissionKey(p.idempotencyKey, {
    email: p.email,
    subject: p.subject.trim(),
    description: p.description.trim(),
    attachments: files.map((f) => ({
      filename: f.name,
      contentType: f.type,
      data: typeof f.data === "string" ? new TextEncoder().encode(f.data) : f.data,
    })),
    client: ip,
  });
}

/** The R2 objects ingest would store for a web-form message with this provider id. */
export async function r2ObjectsFor(providerMessageId: string): Promise<string[]> {
  const folder = (await sha256Hex(`webform:${providerMessageId}`)).slice(0, 32);
  const listed = await env.ATTACHMENTS.list({ prefix: `attachments/webform/${folder}/` });
  return listed.objects.map((o) => o.key);
}

export interface Created {
  ticket: { number: string; id: string };
  link: string;
  url: string;
  email: { verified: boolean; confirmationSent: boolean };
}

/** Opens a ticket through the JSON API and returns its answer (asserting a 201). */
export async function createTicket(overrides: FormFields = {}) {
  const payload = formPayload(overrides);
  const res = await postJson("/api/tickets", payload);
  if (res.status !== 201) throw new Error(`create ticket: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as Created;
  return { payload, created, token: created.link.slice("/t/".length) };
}
