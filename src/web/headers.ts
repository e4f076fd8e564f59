/**
 * One set of security headers for every HTML page, from Hono's `secureHeaders`: a CSP that loads nothing
 * from elsewhere unless a page names it, no framing (CSP and X-Frame-Options), nosniff, and Hono's other
 * defaults. A header a route set itself (a download's sandbox CSP, a secret link's Referrer-Policy) stays.
 */
import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/** What a page may load beyond itself; everything not named is refused. */
export interface PagePolicy {
  /** Script sources; none by default. */
  scripts?: string[];
  /** `inline` for a page's own `<style>`, `self` for a stylesheet it serves. */
  styles?: "inline" | "self";
  /** Image sources; none by default. */
  images?: string[];
  /** fetch / WebSocket targets; none by default. */
  connect?: string[];
  /** Frame sources; none by default. */
  frames?: string[];
  /**
   * Who may frame the page (CSP frame-ancestors); nobody by default. Set, it replaces X-Frame-Options
   * (which cannot name origins): the chat page inside the widget's iframe.
   */
  frameAncestors?: string[];
  /** Referrer-Policy; `no-referrer` by default. */
  referrer?: "no-referrer" | "same-origin" | "strict-origin-when-cross-origin";
}

const or = (sources: string[] | undefined) => (sources?.length ? sources : ["'none'"]);

/** The security headers of a page under `policy`. */
export function securePage(policy: PagePolicy = {}): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: or(policy.scripts),
      styleSrc: [policy.styles === "self" ? "'self'" : "'unsafe-inline'"],
      imgSrc: or(policy.images),
      connectSrc: or(policy.connect),
      frameSrc: or(policy.frames),
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: or(policy.frameAncestors),
    },
    xFrameOptions: policy.frameAncestors?.length ? false : "DENY",
    referrerPolicy: policy.referrer ?? "no-referrer",
    // Without includeSubDomains: the operator's other hosts are not ours to pin to HTTPS.
    strictTransportSecurity: "max-age=15552000",
    overwrite: false,
  });
}

/** A page whose policy depends on the request (the form's bot check, when it is on). */
export function securePageFor(pick: (c: Context) => PagePolicy): MiddlewareHandler {
  const built = new Map<string, MiddlewareHandler>();
  return (c, next) => {
    const policy = pick(c);
    const key = JSON.stringify(policy);
    const mw = built.get(key) ?? securePage(policy);
    built.set(key, mw);
    return mw(c, next);
  };
}
