/**
 * The live-chat widget's pages: GET /widget.js (the loader a host site embeds), GET /chat (the chat page
 * inside the loader's iframe) and, in development only, GET /dev/widget-demo (a fake exchange hosting it).
 */
import { type Context, Hono } from "hono";
import { turnstileWidgetKey } from "../../channels/webform/turnstile";
import { type AppEnv, isDevelopment } from "../env";
import { getChatSettings } from "../store/chat";
import { clientAssetUrl } from "../web/client-assets";
import { type PagePolicy, securePage } from "../web/headers";
import { languageOf } from "../web/language";
import { renderChatPage } from "./chat-page";
import { CHAT_CSS } from "./chat-style";
import { widgetDemoRoutes } from "./demo";

/**
 * The loader's headers: a stable URL every host page names, so a short cache (a new build reaches hosts
 * within minutes) instead of the hashed assets' immutable one; never sniffed as anything but a script;
 * loadable from any origin (it is public code).
 */
export const LOADER_HEADERS = {
  "Content-Type": "text/javascript; charset=utf-8",
  "Cache-Control": "public, max-age=300",
  "X-Content-Type-Options": "nosniff",
  "Cross-Origin-Resource-Policy": "cross-origin",
  "Access-Control-Allow-Origin": "*",
} as const;

/** The Turnstile origin, allowed on the chat page only when the admin asked for it on the first message. */
const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";
/** Any port of the loopback names: the demo page and local hosts may frame /chat in development. */
const DEV_ANCESTORS = ["http://localhost:*", "http://127.0.0.1:*"];

/** Who may frame /chat and whether Turnstile is on, from the admin's chat settings. */
export interface ChatFrameSettings {
  allowedOrigins: string[];
  turnstile: boolean;
}

/** The chat page's policy: its own script and API (sockets included), framed by the allowed origins only. */
export function chatPagePolicy(settings: ChatFrameSettings, development: boolean): PagePolicy {
  const turnstile = settings.turnstile ? [TURNSTILE_ORIGIN] : [];
  return {
    scripts: ["'self'", ...turnstile],
    connect: ["'self'", ...turnstile],
    frames: turnstile,
    images: ["'self'", "blob:", "data:"],
    frameAncestors: ["'self'", ...settings.allowedOrigins, ...(development ? DEV_ANCESTORS : [])],
    // Turnstile checks the page it runs on; nothing else needs a referrer.
    referrer: settings.turnstile ? "strict-origin-when-cross-origin" : "no-referrer",
  };
}

const policies = new Map<string, ReturnType<typeof securePage>>();

async function showChatPage(c: Context<AppEnv>): Promise<Response> {
  const config = c.get("config");
  const settings = await chatFrameSettings(c);
  const policy = chatPagePolicy(settings, isDevelopment(config));
  const key = JSON.stringify(policy);
  const secure = policies.get(key) ?? securePage(policy);
  policies.set(key, secure);
  const lang = languageOf(c);
  const page = renderChatPage({ lang, scriptUrl: await clientAssetUrl(c.env, "chat.js") });
  await secure(c, async () => {
    c.header("Cache-Control", "no-store");
    c.res = await c.render(page.body, { lang, title: page.title, css: CHAT_CSS, head: page.head, main: false });
  });
  return c.res;
}

/** The loader, from the build's current hashed file, at its stable address. */
async function serveLoader(c: Context<AppEnv>): Promise<Response> {
  const path = await clientAssetUrl(c.env, "widget.js");
  const res = await c.env.ASSETS.fetch(new Request(`https://assets.invalid${path}`));
  if (!res.ok) throw new Error(`${path}: ${res.status} (build the client: node scripts/build-client.mjs)`);
  return new Response(res.body, { headers: LOADER_HEADERS });
}

/** Routes mounted at the root. */
export function widgetRoutes() {
  return new Hono<AppEnv>()
    .get("/widget.js", serveLoader)
    .get("/chat", showChatPage)
    .route("/dev/widget-demo", widgetDemoRoutes());
}

/** The admin's allowed origins and Turnstile switch (src/store/chat.ts, one read per page view). */
async function chatFrameSettings(c: Context<AppEnv>): Promise<ChatFrameSettings> {
  const settings = await getChatSettings(c.env.DB);
  return {
    // Stored validated (exact origins); filtered again so nothing but an origin can reach the header.
    allowedOrigins: settings.allowedOrigins.filter((o) => typeof o === "string" && ORIGIN.test(o)),
    turnstile: settings.turnstileFirstMessage && Boolean(turnstileWidgetKey(c.get("config"))),
  };
}

/** `scheme://host[:port]`, nothing else (no path, no wildcard, no quote, no space or semicolon). */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
