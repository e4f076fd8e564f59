/** POST /t/:token/csat: a rating from the customer's ticket page (the link from the email and the page's own form). */
import { Hono } from "hono";
import { parseRating } from "../core/csat";
import { NotFoundError, ValidationError } from "../core/errors";
import type { AppEnv } from "../env";
import { FORM_TEXT_MAX_BYTES, webhookBodyLimit } from "../http";
import { rateFromPage } from "../pipeline/csat";
import { readCsatTarget, ticketIdByAccessToken } from "../store/csat";
import { accepts } from "../web/validate";

const ACCESS_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The secret link must not be cached, leaked through Referer, or indexed. */
const SECRET_LINK_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
};

/**
 * A rating is a POST (a form on the page), never a GET: mail scanners open every link in an
 * email, and a GET that rated would let them rate for the customer.
 */
export function csatPageRoutes() {
  return new Hono<AppEnv>().post(
    "/:token/csat",
    accepts<{ rating: 1 | 2 | 3 | 4 | 5 }>(),
    webhookBodyLimit(FORM_TEXT_MAX_BYTES),
    async (c) => {
      const token = c.req.param("token");
      if (!ACCESS_TOKEN.test(token)) throw new NotFoundError("Ticket");
      const type = c.req.header("Content-Type") ?? "";
      const json = /^application\/json\b/i.test(type);
      let value: unknown;
      if (json) {
        value = ((await c.req.json().catch(() => ({}))) as { rating?: unknown } | null)?.rating;
      } else {
        value = (await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)).rating;
      }
      const rating = parseRating(value);
      if (rating === null) throw new ValidationError("Rate from 1 to 5", [{ path: "rating", message: "1 to 5" }]);
      const ticketId = await ticketIdByAccessToken(c.env.DB, token);
      const ticket = ticketId ? await readCsatTarget(c.env.DB, ticketId) : null;
      if (!ticketId || !ticket) throw new NotFoundError("Ticket");
      const result = await rateFromPage(
        { env: c.env, waitUntil: (p) => c.executionCtx.waitUntil(p) },
        { ticketId, rating, lang: ticket.language },
      );
      if (!json) {
        const res = c.redirect(`/t/${token}?rated=${result.accepted ? rating : "no"}#csat`, 303);
        for (const [k, v] of Object.entries(SECRET_LINK_HEADERS)) res.headers.set(k, v);
        return res;
      }
      if (!result.accepted) {
        // Refused: the usual error shape (the page's fields kept beside it for the page's own script).
        return c.json(
          {
            error: { code: "csat_not_open" as const, message: result.text },
            accepted: false as const,
            rating: null,
            message: result.text,
          },
          409,
          SECRET_LINK_HEADERS,
        );
      }
      return c.json({ accepted: true as const, rating, message: result.text }, 200, SECRET_LINK_HEADERS);
    },
  );
}
