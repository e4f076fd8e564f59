// The live-chat widget in real Chromium against wrangler dev. The host page is served by a tiny server on
// another origin (127.0.0.1, another port) with hostile CSS; the widget's iframe comes from the desk. A visitor
// opens the bubble with the keyboard, gets the bot's answer, asks for a person; an agent (staff API) types and
// replies and the visitor sees both live; the visitor's typing and reads reach the staff side; a response lost
// mid-send, an offline spell and a reload lose and double nothing (rows counted through the staff API); the host
// page cannot read the iframe or its token. Screenshots at 1280, 390 and 360 px go to test/artifacts.
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  type Agent,
  adminApi,
  closeAll,
  collectPageErrors,
  createAgent,
  haveChromium,
  launchChromium,
  requireChromiumInCi,
} from "./staff-harness";
import { eventually, printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

requireChromiumInCi(false);

// Page-side callbacks run in Chromium; the project compiles without the DOM lib, so what they touch is described here.
declare const document: {
  querySelector(s: string): { shadowRoot: { querySelector(s: string): unknown } | null } | null;
  cookie: string;
  documentElement: { scrollWidth: number };
};
declare const window: {
  localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null };
};
declare const sessionStorage: { length: number };

const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
const IDENTITY_SECRET = `e2e-chat-secret-${crypto.randomUUID()}`;
const rand = () => crypto.randomUUID().slice(0, 6);

let worker: RunningWorker;
let browser: Browser;
let host: Server;
let hostUrl: string;
let agent: Agent;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

/** The exchange's page: hostile CSS, the loader from the desk (another origin). */
function hostPage(deskUrl: string, lang = "en"): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Exchange</title><style>*{font-family:serif!important;line-height:3!important}button{background:red!important;width:10px!important}
div{display:inline!important}iframe{display:none!important}</style></head>
<body><h1>Exchange</h1><p>Trade things.</p>
<script src="${deskUrl}/widget.js" async></script></body></html>`;
}

interface StaffMessage {
  id: string;
  author: string;
  direction: string;
  body: string;
}

async function staffThread(ticketId: string): Promise<StaffMessage[]> {
  const res = await fetch(`${worker.url}/api/staff/tickets/${ticketId}`, {
    headers: { Authorization: `Bearer ${agent.token}` },
  });
  if (res.status !== 200) throw new Error(`ticket ${ticketId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { messages: StaffMessage[] }).messages;
}

async function countCustomer(ticketId: string, body: string): Promise<number> {
  return (await staffThread(ticketId)).filter((m) => m.author === "customer" && m.body === body).length;
}

async function openWidget(page: Page): Promise<FrameLocator> {
  const bubble = page.locator("#relaydesk-chat .bubble");
  await bubble.waitFor();
  await bubble.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => bubble.getAttribute("aria-expanded")).toBe("true");
  const frame = page.frameLocator("#relaydesk-chat iframe");
  await frame.locator("#text").waitFor();
  // Signed in to a session: the header says who the visitor is.
  await frame.locator("#who:not(:empty)").waitFor();
  return frame;
}

async function send(frame: FrameLocator, text: string): Promise<void> {
  await frame.locator("#text").fill(text);
  await frame.locator("#text").press("Enter");
}

describe.runIf(haveChromium)("live chat widget in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    worker = await startWrangler({ vars: { CHAT_IDENTITY_SECRET: IDENTITY_SECRET } });
    agent = await createAgent(worker, `Agent ${rand()}`);
    host = createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(hostPage(worker.url, new URL(req.url ?? "/", "http://x").searchParams.get("lang") ?? "en"));
    });
    await new Promise<void>((ok) => host.listen(0, "127.0.0.1", ok));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await new Promise((ok) => host?.close(ok));
    await closeAll({ contexts, browser, worker });
  });
  printOutputOnFailure(() => worker);

  it("a visitor on another origin chats with the bot, then a person, live both ways; drops and reloads lose and double nothing", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    contexts.push(context);
    const page = await context.newPage();
    collectPageErrors(page, pageErrors, "visitor");
    await page.goto(hostUrl);
    const frame = await openWidget(page);
    await expect.poll(() => frame.locator("#who").textContent()).toMatch(/Guest \(not verified\)/);

    // Bot first.
    const question = `How long does a USDT deposit take? ${rand()}`;
    await send(frame, question);
    await frame.locator(".msg.customer:not(.pending)", { hasText: question }).waitFor();
    await frame.locator(".msg.bot").first().waitFor({ timeout: 30_000 });
    const number = (await frame.locator("#ticket span").first().textContent())?.replace(/^Ticket /, "") ?? "";
    expect(number).toMatch(/\S+/);
    expect(await frame.locator("#ticket-link").getAttribute("href")).toMatch(/^\/t\/[A-Za-z0-9_-]+$/);

    const list = await adminApi(worker, "/tickets?channel=webform");
    const tickets = ((await list.json()) as { tickets: Array<{ id: string; number: string }> }).tickets;
    const ticketId = tickets.find((t) => t.number === number)?.id ?? "";
    expect(ticketId).not.toBe("");

    // A person, please.
    const botsBefore = await frame.locator(".msg.bot").count();
    await frame.locator("#human").click();
    await expect.poll(() => frame.locator(".msg.bot").count(), { timeout: 30_000 }).toBeGreaterThan(botsBefore);

    // The visitor types: the staff feed says so (chat.activity for this ticket), and then that they stopped.
    const feed = new WebSocket(`${worker.url.replace(/^http/, "ws")}/api/staff/feed`, {
      headers: { Authorization: `Bearer ${agent.token}` },
    });
    const activity: Array<{ typing?: boolean }> = [];
    feed.on("message", (data) => {
      const text = String(data);
      if (!text.includes("chat.activity") || !text.includes(ticketId)) return;
      const found = JSON.stringify(JSON.parse(text)).match(/"typing":(true|false)/);
      if (found) activity.push({ typing: found[1] === "true" });
    });
    await new Promise((ok, fail) => feed.once("open", ok).once("error", fail));
    await frame.locator("#text").pressSequentially("still th", { delay: 30 });
    await eventually(
      async () => (activity.some((a) => a.typing) ? true : undefined),
      "staff to see the visitor typing",
    );
    await frame.locator("#text").fill("");
    await eventually(
      async () => (activity.at(-1)?.typing === false ? true : undefined),
      "staff to see the visitor stop typing",
    );
    feed.close();

    // The agent types, the visitor sees it; the agent replies, the visitor sees it without reload.
    const typing = await fetch(`${worker.url}/api/staff/tickets/${ticketId}/typing`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agent.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ typing: true }),
    });
    expect(typing.status).toBe(204);
    await expect.poll(() => frame.locator("#typing").textContent(), { timeout: 10_000 }).toMatch(/typing/);
    const reply = `Hi, ${agent.name} here: deposits need 12 confirmations. ${rand()}`;
    const sent = await fetch(`${worker.url}/api/staff/tickets/${ticketId}/replies`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agent.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ body: reply }),
    });
    expect(sent.status).toBe(201);
    await frame.locator(".msg.staff", { hasText: reply }).waitFor({ timeout: 15_000 });
    await expect.poll(() => frame.locator("#typing").textContent()).toBe("");

    // The ticket's /t/ page ("Continue later") shows new replies live too, without a reload.
    const link = (await frame.locator("#ticket-link").getAttribute("href")) ?? "";
    const ticketPage = await context.newPage();
    collectPageErrors(ticketPage, pageErrors, "ticket page");
    await ticketPage.goto(`${worker.url}${link}`);
    await ticketPage.locator("ol.thread li.staff", { hasText: reply }).waitFor();
    const onPage = `Also on your ticket page ${rand()}`;
    await expect
      .poll(async () => {
        // The page's socket may still be opening: its first reply is sent once it is there.
        return ticketPage.evaluate(() => (document as unknown as { readyState: string }).readyState);
      })
      .toBe("complete");
    const posted = await fetch(`${worker.url}/api/staff/tickets/${ticketId}/replies`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agent.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ body: onPage }),
    });
    expect(posted.status).toBe(201);
    await ticketPage.locator("ol.thread li.staff", { hasText: onPage }).waitFor({ timeout: 15_000 });
    await frame.locator(".msg.staff", { hasText: onPage }).waitFor({ timeout: 15_000 });
    await ticketPage.close();

    // The agent opens the ticket: "Read" under the visitor's message.
    await fetch(`${worker.url}/api/staff/tickets/${ticketId}/read`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agent.token}` },
    });
    await frame.locator(".msg.customer .receipt", { hasText: "Read" }).waitFor({ timeout: 10_000 });

    // A response lost mid-send: the server stored the message, the browser never heard. Sent again, same clientId.
    const lost = `My TxID is 0x${rand()}${rand()} ${rand()}`;
    const dropOutcome: string[] = [];
    const lostPosts: string[] = [];
    const onRequest = (req: import("playwright-core").Request) => {
      if (req.method() === "POST" && req.url().endsWith("/api/chat/messages") && req.postData()?.includes(lost))
        lostPosts.push((JSON.parse(req.postData() ?? "{}") as { clientId: string }).clientId);
    };
    context.on("request", onRequest);
    await context.route("**/api/chat/messages", async (route) => {
      if (route.request().method() !== "POST" || dropOutcome.length > 0) return route.fallback();
      dropOutcome.push("fetching");
      // The network goes before the room's echo can come: the send reached the Worker and was stored,
      // the answer is lost, and only a retry (same clientId) can tell the widget.
      await context.setOffline(true);
      const stored = await route.fetch();
      dropOutcome.push(String(stored.status()));
      setTimeout(() => void context.setOffline(false), 1_500);
      await route.abort("connectionreset").then(
        () => dropOutcome.push("aborted"),
        (err: Error) => dropOutcome.push(err.message),
      );
    });
    await send(frame, lost);
    await frame.locator(".msg.customer:not(.pending)", { hasText: lost }).waitFor({ timeout: 30_000 });
    await expect.poll(() => dropOutcome.length, { timeout: 15_000 }).toBe(3);
    console.info(`drop mid-send: ${dropOutcome.join(", ")}; posts: ${lostPosts.length}`);
    await context.unroute("**/api/chat/messages");
    context.off("request", onRequest);
    expect(dropOutcome.slice(0, 2)).toEqual(["fetching", "201"]);
    // Sent again after the lost answer, with the same clientId every time.
    expect(lostPosts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lostPosts).size).toBe(1);
    expect(await countCustomer(ticketId, lost)).toBe(1);

    // Offline: the message waits, the agent replies meanwhile; back online, both arrive once.
    await context.setOffline(true);
    const offline = `Sent while offline ${rand()}`;
    await send(frame, offline);
    await frame.locator(".msg.pending", { hasText: offline }).waitFor();
    const whileAway = `Reply while you were offline ${rand()}`;
    await fetch(`${worker.url}/api/staff/tickets/${ticketId}/replies`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agent.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ body: whileAway }),
    });
    await context.setOffline(false);
    await frame.locator(".msg.customer:not(.pending)", { hasText: offline }).waitFor({ timeout: 30_000 });
    await frame.locator(".msg.staff", { hasText: whileAway }).waitFor({ timeout: 30_000 });
    expect(await countCustomer(ticketId, offline)).toBe(1);

    // Reload: the same conversation, every message once.
    await page.reload();
    const again = await openWidget(page);
    for (const text of [question, lost, offline]) {
      await again.locator(".msg.customer", { hasText: text }).waitFor();
      expect(await again.locator(".msg.customer", { hasText: text }).count(), text).toBe(1);
    }
    for (const text of [reply, onPage, whileAway])
      expect(await again.locator(".msg.staff", { hasText: text }).count()).toBe(1);
    for (const text of [question, lost, offline]) expect(await countCustomer(ticketId, text), text).toBe(1);

    // The host page cannot read the chat: no document, no storage, no token anywhere it can reach.
    const reach = await page.evaluate(() => {
      const out: Record<string, unknown> = {};
      const root = document.querySelector("#relaydesk-chat")?.shadowRoot;
      const iframe = root?.querySelector("iframe") as {
        contentDocument: unknown;
        contentWindow: { document: unknown; localStorage: unknown };
        src: string;
      };
      out.src = iframe.src;
      out.contentDocument = iframe.contentDocument === null ? "null" : "readable";
      for (const [k, read] of [
        ["document", () => iframe.contentWindow.document],
        ["localStorage", () => iframe.contentWindow.localStorage],
      ] as const) {
        try {
          read();
          out[k] = "readable";
        } catch (err) {
          out[k] = (err as Error).name;
        }
      }
      const keys: string[] = [];
      for (let i = 0; i < window.localStorage.length; i++) {
        const key = window.localStorage.key(i) ?? "";
        keys.push(`${key}=${window.localStorage.getItem(key)}`);
      }
      out.hostStorage = keys.join(";");
      out.cookies = document.cookie;
      return out;
    });
    expect(reach.contentDocument).toBe("null");
    expect(reach.document).toBe("SecurityError");
    expect(reach.localStorage).toBe("SecurityError");
    expect(String(reach.src)).toMatch(/\/chat\?lang=en$/);
    const token = await (
      page.frames().find((f) => f.url().includes("/chat?")) as import("playwright-core").Frame
    ).evaluate(() => window.localStorage.getItem("relaydesk-chat-token"));
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(JSON.stringify(reach)).not.toContain(token as string);

    // Screenshots of the open widget with the conversation, desktop and phones.
    await page.screenshot({ path: resolve(ARTIFACTS, "chat-widget-1280.png") });
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 780 });
      await again.locator("#text").waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: resolve(ARTIFACTS, `chat-widget-${width}.png`) });
    }

    // Escape closes and gives focus back to the bubble.
    await again.locator("#text").press("Escape");
    const bubble = page.locator("#relaydesk-chat .bubble");
    await expect.poll(() => bubble.getAttribute("aria-expanded")).toBe("false");
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (
              document.querySelector("#relaydesk-chat")?.shadowRoot as unknown as {
                activeElement: { className: string } | null;
              }
            )?.activeElement?.className,
        ),
      )
      .toBe("bubble");
    expect(pageErrors).toEqual([]);
  });

  it("on the demo page (cross-origin loopback names) a demo user logs in verified, in Chinese; a forged signature is a guest", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: "zh-CN" });
    contexts.push(context);
    const page = await context.newPage();
    collectPageErrors(page, pageErrors, "demo");
    const demoUrl = `${worker.url.replace("127.0.0.1", "localhost")}/dev/widget-demo?lang=zh`;
    await page.goto(demoUrl);
    await page.locator("#login").click();
    await expect.poll(() => page.locator("#who").textContent()).toMatch(/Demo User/);
    const frame = await openWidget(page);
    expect(page.frames().some((f) => f.url().startsWith(`${worker.url}/chat?lang=zh`))).toBe(true);
    await expect
      .poll(() => frame.locator("#who").textContent(), { timeout: 10_000 })
      .toBe("已登录：Demo User（已验证）");
    expect(await frame.locator("#human").textContent()).toBe("转人工");
    const hello = `你好，我的提现还没到账 ${rand()}`;
    await send(frame, hello);
    await frame.locator(".msg.customer:not(.pending)", { hasText: hello }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: resolve(ARTIFACTS, "chat-widget-demo-zh-390.png") });

    // The host page edits the identity without the backend's signature: refused, a guest, and told so.
    await page.evaluate(() => {
      (window as unknown as { Relaydesk: (c: string, a: unknown) => void }).Relaydesk("identify", {
        userId: "demo-user-1001",
        email: "demo.user@example.com",
        name: "Demo User",
        userHash: "0".repeat(64),
      });
    });
    await expect.poll(() => frame.locator("#who").textContent(), { timeout: 10_000 }).toBe("访客（未验证）");
    expect(await frame.locator("#identity-note").isVisible()).toBe(true);
    // The verified user's conversation is not shown to the guest session.
    expect(await frame.locator(".msg.customer", { hasText: hello }).count()).toBe(0);
    expect(pageErrors.filter((e) => e.startsWith("[demo]"))).toEqual([]);
  });
});
