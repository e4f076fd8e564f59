/**
 * "Is this really you?": normalises a handle, link, email address or domain a customer was
 * contacted from and checks it against the admin list of official accounts. Pure.
 *
 * Everything is compared after NFKC and lowercasing (Discord and Telegram invite codes keep
 * their case: they are case-sensitive). Anything that only *looks* like an official entry
 * (Cyrillic letters, `0` for `o`, `rn` for `m`, an extra `_support`) is reported as a
 * lookalike, which is never ours (src/core/lookalike.ts). The bot's answers: verify-texts.ts.
 */
import { skeleton } from "./lookalike";

export const OFFICIAL_KINDS = [
  "telegram",
  "discord_user",
  "discord_server",
  "discord_invite",
  "email",
  "domain",
] as const;
export type OfficialKind = (typeof OFFICIAL_KINDS)[number];

/** One entry of the official list, value already normalised. */
export interface OfficialHandle {
  kind: OfficialKind;
  value: string;
  label?: string | null;
}

/** One reading of a query: what it would be if it were ours. */
export interface VerifyCandidate {
  kind: OfficialKind;
  value: string;
}

export type Verdict = "official" | "lookalike" | "not_official" | "invalid";

export interface VerifyResult {
  verdict: Verdict;
  /** The query as normalised for display. */
  query: string;
  /** The reading that matched (or was imitated). */
  candidate: VerifyCandidate | null;
  /** The official entry it is (official) or imitates (lookalike). */
  entry: OfficialHandle | null;
}

/** Longest query we look at; anything longer is not a handle. */
export const MAX_QUERY_LENGTH = 300;
/** An official name must be at least this long (as a skeleton) for "contains our name" to count as a lookalike. */
const MIN_BRAND_SKELETON = 5;

// Invisible and direction-control characters (soft hyphen, zero-width, bidi controls, variation selectors).
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each listed character is meant to be removed on its own
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/g;
const TELEGRAM_HOSTS = new Set(["t.me", "telegram.me", "telegram.dog"]);
const DISCORD_INVITE_HOSTS = new Set(["discord.gg"]);
const DISCORD_HOSTS = new Set(["discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"]);
const SNOWFLAKE = /^\d{17,20}$/;
const EMAIL = /^[^\s@/]+@([^\s@/]+\.[^\s@/]+)$/u;

/** NFKC, no invisible characters, trimmed of spaces, quotes and brackets. Case is kept. */
export function cleanQuery(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .trim()
    .replace(/^[\s"'`<([{]+|[\s"'`>)\]},;]+$/g, "")
    .slice(0, MAX_QUERY_LENGTH);
}

/** A host without scheme, userinfo, port, `www.` or a trailing dot. */
function hostOf(s: string): string {
  const noScheme = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  const authority = noScheme.split(/[/?#]/, 1)[0] ?? "";
  const host = (authority.split("@").pop() ?? "").replace(/:\d+$/, "").replace(/\.$/, "");
  return host.toLowerCase().replace(/^www\./, "");
}

/** The path segments after the host. */
function pathOf(s: string): string[] {
  const noScheme = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  const path = noScheme.slice((noScheme.split(/[/?#]/, 1)[0] ?? "").length).split(/[?#]/, 1)[0] ?? "";
  return path.split("/").filter(Boolean);
}

/** Every way a query could name an account; empty when it names nothing we can check. */
export function readQuery(raw: string): VerifyCandidate[] {
  const kept = cleanQuery(raw);
  if (!kept) return [];
  const s = kept.toLowerCase();

  if (s.startsWith("mailto:")) return readQuery(kept.slice(7));
  const email = EMAIL.exec(s);
  if (email && !s.startsWith("@"))
    return [
      { kind: "email", value: s },
      { kind: "domain", value: hostOf(email[1] ?? "") },
    ];

  const tg = /^tg:\/\/resolve\?domain=([^&\s]+)/.exec(s);
  if (tg?.[1]) return [{ kind: "telegram", value: tg[1] }];

  if (s.startsWith("@")) {
    const handle = s.slice(1);
    return handle
      ? [
          { kind: "telegram", value: handle },
          { kind: "discord_user", value: handle },
        ]
      : [];
  }
  if (SNOWFLAKE.test(s))
    return [
      { kind: "discord_user", value: s },
      { kind: "discord_server", value: s },
    ];

  const looksLikeLink = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^[^\s/]+\.[^\s/]+/u.test(s);
  if (looksLikeLink && !/\s/.test(s)) {
    const host = hostOf(s);
    const path = pathOf(kept);
    if (TELEGRAM_HOSTS.has(host)) {
      const [first = "", second = ""] = path[0]?.toLowerCase() === "s" ? path.slice(1) : path;
      if (first.toLowerCase() === "joinchat" && second) return [{ kind: "telegram", value: `+${second}` }];
      if (first.startsWith("+")) return [{ kind: "telegram", value: first }];
      return first ? [{ kind: "telegram", value: first.toLowerCase() }] : [{ kind: "domain", value: host }];
    }
    if (DISCORD_INVITE_HOSTS.has(host)) return path[0] ? [{ kind: "discord_invite", value: path[0] }] : [];
    if (DISCORD_HOSTS.has(host)) {
      const [first = "", second = ""] = path;
      if (first.toLowerCase() === "invite" && second) return [{ kind: "discord_invite", value: second }];
      if (first.toLowerCase() === "users" && SNOWFLAKE.test(second)) return [{ kind: "discord_user", value: second }];
      if (first.toLowerCase() === "channels" && SNOWFLAKE.test(second)) {
        return [{ kind: "discord_server", value: second }];
      }
      return [{ kind: "domain", value: host }];
    }
    return host ? [{ kind: "domain", value: host }] : [];
  }
  // A bare name (Discord's legacy `name#1234` included): a Telegram or a Discord username.
  if (/^[\p{L}\p{N}_.#-]{2,40}$/u.test(s)) {
    return [
      { kind: "telegram", value: s },
      { kind: "discord_user", value: s },
    ];
  }
  return [];
}

const VALID: Record<OfficialKind, RegExp> = {
  telegram: /^(?:[a-z][a-z0-9_]{3,31}|\+[A-Za-z0-9_-]{6,64})$/,
  discord_user: /^(?:\d{17,20}|[a-z0-9_.]{2,32}(?:#\d{4})?)$/,
  discord_server: /^\d{17,20}$/,
  discord_invite: /^[A-Za-z0-9-]{2,64}$/,
  email: /^[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/,
  domain: /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/,
};

/** The normalised form of an entry an admin adds to the official list, or null when it is not a valid `kind`. */
export function normalizeOfficialValue(kind: OfficialKind, raw: string): string | null {
  const reading = readQuery(raw).find((c) => c.kind === kind);
  const value = reading?.value ?? cleanQuery(raw).toLowerCase();
  return VALID[kind].test(value) ? value : null;
}

function exactMatch(c: VerifyCandidate, e: OfficialHandle): boolean {
  if (c.kind !== e.kind) return false;
  // A subdomain of an official domain is ours; `ours.com.evil.io` is not.
  if (c.kind === "domain") return c.value === e.value || c.value.endsWith(`.${e.value}`);
  return c.value === e.value;
}

/** The name part an account is recognised by (a domain's labels without the public suffix, an email's local part). */
function brandOf(e: OfficialHandle): string {
  if (e.kind === "domain") return e.value.split(".").slice(0, -1).join(".");
  if (e.kind === "email") return e.value.split("@")[0] ?? e.value;
  return e.value;
}

function imitates(c: VerifyCandidate, e: OfficialHandle): boolean {
  const mine = skeleton(c.value);
  const theirs = skeleton(e.value);
  if (!mine || !theirs) return false;
  if (mine === theirs) return true;
  const brand = skeleton(brandOf(e));
  return brand.length >= MIN_BRAND_SKELETON && mine.includes(brand);
}

/** Checks a query against the official list: official, a lookalike, not ours, or not a handle at all. */
export function verifyHandle(list: readonly OfficialHandle[], raw: string): VerifyResult {
  const query = cleanQuery(raw);
  const candidates = readQuery(raw);
  if (!candidates.length) return { verdict: "invalid", query, candidate: null, entry: null };
  for (const c of candidates) {
    const entry = list.find((e) => exactMatch(c, e));
    if (entry) return { verdict: "official", query, candidate: c, entry };
  }
  for (const c of candidates) {
    const entry = list.find((e) => imitates(c, e));
    if (entry) return { verdict: "lookalike", query, candidate: c, entry };
  }
  return { verdict: "not_official", query, candidate: candidates[0] ?? null, entry: null };
}
