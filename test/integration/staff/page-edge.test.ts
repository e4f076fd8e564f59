/**
 * Every server-rendered page gets the shared security headers (no framing, nothing loaded from
 * elsewhere, nosniff) and the shared language rules: `?lang=`, then the staff's remembered choice,
 * then Accept-Language.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BOOTSTRAP, signIn } from "./helpers";

const BASE = "http://relaydesk.test";

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, { headers, redirect: "manual" });
}

function directives(csp: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (csp ?? "").split(";")) {
    const [name = "", ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values.join(" "));
  }
  return out;
}

describe("the pages' shared edge", () => {
  it("every page refuses framing and outside sources, whoever asks", async () => {
    const { cookie } = await signIn(BOOTSTRAP);
    const pages: Array<[string, Record<string, string>]> = [
      ["/support?lang=en", {}],
      ["/support?lang=zh", {}],
      ["/verify?q=%40someone", {}],
      ["/staff/login", {}],
      ["/staff", { Cookie: cookie }],
      ["/staff/metrics", { Cookie: cookie }],
      ["/dev/sandbox", {}],
      [`/t/${crypto.randomUUID().replaceAll("-", "")}`, { Accept: "text/html" }],
    ];
    for (const [path, headers] of pages) {
      const res = await get(path, headers);
      expect(res.headers.get("Content-Type"), path).toMatch(/text\/html/);
      const csp = directives(res.headers.get("Content-Security-Policy"));
      expect(csp.get("default-src"), path).toBe("'none'");
      expect(csp.get("frame-ancestors"), path).toBe("'none'");
      expect(csp.get("base-uri"), path).toBe("'none'");
      expect(csp.get("form-action"), path).toBe("'self'");
      for (const [name, value] of csp) expect(`${path} ${name} ${value}`).not.toMatch(/\*|http:|unsafe-eval/);
      expect(res.headers.get("X-Frame-Options"), path).toBe("DENY");
      expect(res.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy"), path).toBeTruthy();
      expect((await res.text()).startsWith("<!doctype html>"), path).toBe(true);
    }
  });

  it("every page's inline stylesheet arrives as CSS, not HTML-escaped text (quotes in font names survive)", async () => {
    const { cookie } = await signIn(BOOTSTRAP);
    const pages: Array<[string, Record<string, string>]> = [
      ["/support?lang=en", {}],
      ["/support?lang=zh", {}],
      ["/verify?q=%40someone", {}],
      ["/staff/login", {}],
      ["/staff/login?lang=zh", {}],
      ["/staff/metrics", { Cookie: cookie }],
      ["/dev/sandbox", {}],
      [`/t/${crypto.randomUUID().replaceAll("-", "")}`, { Accept: "text/html" }],
    ];
    let inline = 0;
    for (const [path, headers] of pages) {
      const html = await (await get(path, headers)).text();
      for (const [, css = ""] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
        inline++;
        expect(css, path).not.toMatch(/&(quot|#39|#x27|gt|lt|amp);/);
        // The body font names a sans-serif family: an escaped or missing rule leaves the browser's serif default.
        if (/\bbody\s*\{/.test(css)) expect(/body\s*\{[^}]*font[^}]*sans-serif/.test(css), path).toBe(true);
      }
    }
    expect(inline).toBeGreaterThanOrEqual(pages.length - 1);
  });

  it("the language: ?lang= first, then the remembered staff choice, then Accept-Language", async () => {
    const htmlLang = async (path: string, headers: Record<string, string>) =>
      /<html lang="([^"]+)"/.exec(await (await get(path, headers)).text())?.[1];
    const zhBrowser = { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5" };
    expect(await htmlLang("/staff/login", zhBrowser)).toBe("zh-CN");
    expect(await htmlLang("/staff/login?lang=en", zhBrowser)).toBe("en");
    expect(await htmlLang("/staff/login", { ...zhBrowser, Cookie: "rd_lang=en" })).toBe("en");
    expect(await htmlLang("/staff/login?lang=zh", { Cookie: "rd_lang=en" })).toBe("zh-CN");
    // Only exact codes count; a malformed q is ignored and q=0 refuses a language.
    expect(await htmlLang("/support?lang=ZH", { "Accept-Language": "en" })).toBe("en");
    expect(await htmlLang("/support", { "Accept-Language": "zh;q=abc, en;q=0.2" })).toBe("en");
    expect(await htmlLang("/support", { "Accept-Language": "zh;q=0, fr" })).toBe("en");
    expect(await htmlLang("/verify", { "Accept-Language": "fr-FR, de;q=0.9, zh-TW;q=0.4" })).toBe("zh-CN");
    // Detecting remembers nothing: no language cookie is set by a page view.
    const res = await get("/staff/login", zhBrowser);
    expect(res.headers.get("Set-Cookie") ?? "").not.toMatch(/rd_lang|language=/);
  });
});
