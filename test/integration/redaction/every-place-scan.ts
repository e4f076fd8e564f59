/**
 * The attacker's read of everything the Worker keeps: every D1 table and column (sqlite_master), every R2
 * object made during the test (emails parsed as emails), the storage of every Durable Object, and the
 * console lines the Worker wrote. A secret is found when three of its words stand in a row (any separator),
 * 16 characters of its key, or its password.
 */
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { vi } from "vitest";
import { base62, keys, mnemonic, type Rng } from "../../support/secret-generator";

/** One random secret per input: a 12-word English phrase (`within` characters joined by `_`), a hex private key and a password. */
export interface Secret {
  input: string;
  words: string[];
  key: string;
  password: string;
}

export function secretFor(r: Rng, input: string, within = Number.POSITIVE_INFINITY): Secret {
  let words = mnemonic(r, "en", 12);
  while (words.join("_").length > within) words = mnemonic(r, "en", 12);
  return { input, words, key: keys.hex64(r), password: `${base62(r, 10)}#${10 + r.int(90)}` };
}

/** The three secrets as a customer pastes them, a labelled line each. */
export function pasted(s: Secret): string {
  return `my recovery phrase:\n${s.words.join(" ")}\nprivate key: ${s.key}\npassword: ${s.password}`;
}

/** Which secrets (by input) a text holds, and how. */
export function secretsIn(text: string, secrets: readonly Secret[]): string[] {
  const lower = text.toLowerCase();
  const words = lower.match(/[a-z]+/g) ?? [];
  const hits = new Set<string>();
  const trigrams = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) trigrams.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  for (const s of secrets) {
    for (let i = 0; i + 2 < s.words.length; i++) {
      if (trigrams.has(s.words.slice(i, i + 3).join(" "))) hits.add(`${s.input}: phrase`);
    }
    for (let i = 0; i + 16 <= s.key.length; i += 16)
      if (lower.includes(s.key.slice(i, i + 16))) hits.add(`${s.input}: key`);
    if (text.includes(s.password)) hits.add(`${s.input}: password`);
  }
  return [...hits];
}

/** Every console line written from now until `stop()`, as text (and not printed). */
export function captureConsole(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const show = (a: unknown) => {
    if (typeof a === "string") return a;
    if (a instanceof Error) return `${a.name}: ${a.message}\n${a.stack ?? ""}`;
    try {
      return JSON.stringify(a) ?? String(a);
    } catch {
      return String(a);
    }
  };
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(`[${level}] ${args.map(show).join(" ")}`);
    }),
  );
  const stop = () => {
    for (const spy of spies) spy.mockRestore();
  };
  return { lines, stop };
}

/** Every R2 key. */
export async function r2Keys(): Promise<Set<string>> {
  const out = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await env.ATTACHMENTS.list({ ...(cursor ? { cursor } : {}) });
    for (const o of page.objects) out.add(o.key);
    if (!page.truncated) return out;
    cursor = page.cursor;
  }
}

interface Place {
  place: string;
  text: string;
}

/** Every row of every D1 table, one place per column. */
async function d1Places(): Promise<Place[]> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const places: Place[] = [];
  for (const { name } of tables) {
    let rows: Array<Record<string, unknown>>;
    try {
      rows = (await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>()).results;
    } catch {
      continue; // FTS internals that cannot be read directly (their text is read through the virtual table)
    }
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const text =
          value instanceof ArrayBuffer ? new TextDecoder().decode(value) : typeof value === "string" ? value : "";
        if (text) places.push({ place: `D1 ${name}.${column}`, text });
      }
    }
  }
  return places;
}

/** R2 objects made since `before`: keys, bytes as text, and emails' decoded parts. */
async function r2Places(before: ReadonlySet<string>): Promise<Place[]> {
  const places: Place[] = [];
  for (const key of await r2Keys()) {
    if (before.has(key)) continue;
    places.push({ place: `R2 key`, text: key });
    const object = await env.ATTACHMENTS.get(key);
    if (!object) continue;
    const bytes = new Uint8Array(await object.arrayBuffer());
    places.push({ place: `R2 ${key}`, text: new TextDecoder().decode(bytes) });
    if (key.startsWith("email/")) {
      const parsed = await PostalMime.parse(bytes).catch(() => null);
      if (parsed) {
        const parts = [parsed.subject ?? "", parsed.from?.name ?? "", parsed.text ?? "", parsed.html ?? ""];
        for (const a of parsed.attachments)
          parts.push(a.filename ?? "", new TextDecoder().decode(a.content as ArrayBuffer));
        places.push({ place: `R2 ${key} (parsed)`, text: parts.join("\n") });
      }
    }
  }
  return places;
}

/** Every key and value stored by every object of a Durable Object namespace. */
async function storedIn<T extends Rpc.DurableObjectBranded | undefined>(
  name: string,
  ns: DurableObjectNamespace<T>,
): Promise<Place[]> {
  const places: Place[] = [];
  for (const id of await listDurableObjectIds(ns)) {
    const stored = await runInDurableObject(ns.get(id), (_instance, state) => state.storage.list());
    for (const [k, v] of stored) places.push({ place: `DO ${name} ${k}`, text: `${k} ${JSON.stringify(v)}` });
  }
  return places;
}

/** Every key and value of every Durable Object's storage. */
async function durablePlaces(): Promise<Place[]> {
  return [...(await storedIn("FeedHub", env.FEED_HUB)), ...(await storedIn("ChatRoom", env.CHAT_ROOMS))];
}

/**
 * `input: kind in place: text` for each secret found in D1, R2 (objects made since `r2Before`), Durable Objects,
 * `logLines` or `queuePayloads`, each of `credentials.everywhere` found anywhere and of `inConsole` in the console
 * (link and session tokens, which D1 keeps), and how many places of each were read (none would make the check empty).
 */
export async function everyPlaceHolding(
  secrets: readonly Secret[],
  r2Before: ReadonlySet<string>,
  logLines: readonly string[],
  queuePayloads: readonly string[],
  credentials: { everywhere: readonly string[]; inConsole: readonly string[] },
): Promise<{ problems: string[]; read: Record<"d1" | "r2" | "durable" | "console" | "queue", number> }> {
  const sources = {
    queue: queuePayloads.map((text) => ({ place: "queue", text })),
    d1: await d1Places(),
    r2: await r2Places(r2Before),
    durable: await durablePlaces(),
    console: logLines.map((text) => ({ place: "console", text })),
  };
  const problems: string[] = [];
  for (const p of Object.values(sources).flat()) {
    for (const hit of secretsIn(p.text, secrets)) problems.push(`${hit} in ${p.place}: ${p.text.slice(0, 200)}`);
    const forbidden =
      p.place === "console" ? [...credentials.everywhere, ...credentials.inConsole] : credentials.everywhere;
    for (const c of forbidden)
      if (c && p.text.includes(c)) problems.push(`a credential in ${p.place}: ${p.text.slice(0, 200)}`);
  }
  const read = {
    d1: sources.d1.length,
    r2: sources.r2.length,
    durable: sources.durable.length,
    console: sources.console.length,
    queue: sources.queue.length,
  };
  return { problems: [...new Set(problems)], read };
}
