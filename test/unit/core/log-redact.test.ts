import { describe, expect, it } from "vitest";
import { redactLogText, redactLogValue } from "../../../src/core/log-redact";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const randomToken = (n = 16 + Math.floor(Math.random() * 30)) =>
  Array.from({ length: n }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join("");
const lower = (n = 24) => randomToken(n).toLowerCase().replace(/[-_]/g, "x");

describe("redactLogText", () => {
  it("removes /t/ link tokens wherever a path appears, keeping the rest", () => {
    for (let i = 0; i < 200; i++) {
      const t = randomToken();
      const layouts = [
        `/t/${t}`,
        `/t/${t}/replies`,
        `/t/${t}/attachments/att_${lower(8)}`,
        `https://support.example.com/t/${t}?lang=zh#top`,
        `GET /t/${t} 500 Internal Server Error`,
        `path: '/t/${t}/csat'`,
        `{"path":"/t/${t}"}`,
        `fetch failed: https://relaydesk.test/t/${t}, retrying`,
        `%2Ft%2F${t}%2Freplies`,
        `/verify-email/${t}`,
        `see <https://x.example/t/${t}>`,
      ];
      for (const text of layouts) {
        const out = redactLogText(text);
        expect(out, text).not.toContain(t);
        expect(out).toContain("[redacted]");
      }
    }
    expect(redactLogText("/t/abc123xyz/replies 404")).toBe("/t/[redacted]/replies 404");
  });

  it("removes reply tokens, staff tokens, bearer credentials, session cookies, bot tokens and secret query values", () => {
    for (let i = 0; i < 100; i++) {
      const r = lower(16 + (i % 20));
      const t = randomToken(40);
      const cases: Array<[string, string]> = [
        [`Reply-To: support+${r}@desk.example.com`, r],
        [`to=SUPPORT+${r.toUpperCase()}@DESK.EXAMPLE`, r.toUpperCase()],
        [`<help+${r}@relaydesk.test>`, r],
        [`token rdk_${t} was refused`, t],
        [`Authorization: Bearer ${t}`, t],
        [`authorization: bearer ${t}`, t],
        [`Cookie: rd_session=${t}; rd_lang=zh`, t],
        [`https://api.telegram.org/bot123456789:${t}/sendMessage`, t],
        [`GET /callback?code=${t}&state=1`, t],
        [`https://x.example/hook?token=${t}`, t],
      ];
      for (const [text, secret] of cases) expect(redactLogText(text), text).not.toContain(secret);
    }
  });

  it("leaves ordinary log text alone", () => {
    for (const text of [
      "unhandled error",
      "D1_ERROR: no such table: tickets: SQLITE_ERROR",
      "/api/staff/tickets/tkt_abc",
      "delivery consumer error msg_123",
      "/webhooks/telegram",
      "alice@example.com",
      "10:00:00 RD-1042",
    ]) {
      expect(redactLogText(text)).toBe(text);
    }
  });

  it("walks log fields: strings in objects and arrays, and errors", () => {
    const t = randomToken();
    const out = JSON.stringify(
      redactLogValue({
        path: `/t/${t}`,
        nested: [{ url: `https://a.example/t/${t}` }],
        n: 3,
        err: new Error(`/t/${t}`),
      }),
    );
    expect(out).not.toContain(t);
    expect(out).toContain('"n":3');
  });
});
