/**
 * Cloudflare Access: verifies the `Cf-Access-Jwt-Assertion` JWT (or the `CF_Authorization`
 * cookie) against the team's signing keys and the application's audience.
 * https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/validating-json/
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { Jwt } from "hono/utils/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import { normalizeEmail } from "../core/email-claims";
import type { Config } from "../env";
import { logError } from "../log";

export const ACCESS_HEADER = "Cf-Access-Jwt-Assertion";
export const ACCESS_COOKIE = "CF_Authorization";

/** How long fetched keys are trusted before a refresh (Access rotates keys every 6 weeks). */
const KEYS_TTL_MS = 60 * 60_000;
/** An unknown `kid` triggers a refresh at most this often (a flood of bad tokens cannot hammer the certs URL). */
const REFRESH_MIN_MS = 30_000;

interface KeyCache {
  url: string;
  keys: HonoJsonWebKey[];
  fetchedAt: number;
}

/** Per-isolate cache of the team's keys. */
let cache: KeyCache | null = null;

/** True when both the team domain and the audience are configured. */
export function accessEnabled(config: Config): boolean {
  return Boolean(config.accessTeamDomain && config.accessAud);
}

/** The Access JWT of a request: the header Cloudflare adds, else the cookie. */
export function accessToken(c: Context): string | null {
  const header = c.req.header(ACCESS_HEADER)?.trim();
  if (header) return header;
  return getCookie(c, ACCESS_COOKIE)?.trim() || null;
}

function certsUrl(config: Config): string {
  return config.accessCertsUrl || `${config.accessTeamDomain}/cdn-cgi/access/certs`;
}

async function fetchKeys(url: string): Promise<HonoJsonWebKey[]> {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`Access certs answered ${res.status}`);
  const data = (await res.json()) as { keys?: unknown };
  if (!Array.isArray(data.keys)) throw new Error("Access certs have no keys");
  return data.keys as HonoJsonWebKey[];
}

async function keysFor(url: string, kid: string | undefined, now: number): Promise<HonoJsonWebKey[]> {
  const fresh = cache && cache.url === url && now - cache.fetchedAt < KEYS_TTL_MS;
  const knowsKid = cache?.keys.some((k) => k.kid === kid);
  if (cache && fresh && (knowsKid || now - cache.fetchedAt < REFRESH_MIN_MS)) return cache.keys;
  cache = { url, keys: await fetchKeys(url), fetchedAt: now };
  return cache.keys;
}

/** Forgets cached keys (tests). */
export function resetAccessKeyCache(): void {
  cache = null;
}

/**
 * Verifies an Access JWT (RS256 signature against the team's keys, `aud`, `iss`, `exp`, `nbf`)
 * and returns the signed-in email, or null when the token is not valid. Service tokens carry
 * no email and yield null.
 */
export async function verifyAccessJwt(token: string, config: Config, now = Date.now()): Promise<string | null> {
  if (!accessEnabled(config)) return null;
  try {
    const { header } = Jwt.decode(token);
    const keys = await keysFor(certsUrl(config), header.kid, now);
    const payload = await Jwt.verifyWithJwks(token, {
      keys,
      allowedAlgorithms: ["RS256"],
      verification: { aud: config.accessAud, iss: config.accessTeamDomain },
    });
    // hono checks exp only when present; Access always sets it, so its absence is suspicious.
    if (typeof payload.exp !== "number") return null;
    const email = payload.email;
    // ASCII letters only: toLowerCase() turns the KELVIN SIGN into "k", another account into a staff member's.
    return typeof email === "string" && email.includes("@") ? normalizeEmail(email) : null;
  } catch (err) {
    if (err instanceof Error && /certs|fetch|network/i.test(err.message)) {
      logError("Cloudflare Access keys unavailable", { message: err.message });
    }
    return null;
  }
}
