// Live chat in the staff inbox, in real Chromium against wrangler dev, with the visitor driven from Node through
// the chat API and a real WebSocket (`relaydesk-chat` subprotocol): an agent opens the chat ticket and sees
// "Live chat", the visitor on the page and typing; the agent's typing and reply reach the visitor's socket;
// the visitor's read shows "Seen" under that reply; leaving the page shows it; an anonymous visitor is marked
// unverified and a signed-in user (HMAC) Verified. The admin's Live chat screen refuses bad origins, saves
// good ones (kept after reload and in the API), toggles Turnstile, never shows the secret. Screenshots at
// 1280 and 390 px of the chat ticket and the admin screen.
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adminApi,
  closeAll,
  collectPageErrors,
  createAgent,
  haveChromium,
  launchChromium,
  requireChromiumInCi,
  signInThroughForm,
} from "./staff-harness";
import { eventually, printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

requireChromiumInCi();

const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
const STEP_MS = 15_000;
const SECRET = `e2e-chat-identity-${crypto.randomUUID()}`;

let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

interface Frame {
  type: string;
  from?: string;
  typing?: boolean;
  message?: { id: string; author: string; body: string };
}

/** A widget visitor: a chat session, its socket (every frame kept), and its messages. */
async function visitor(identity?: { userId: string; email?: string; name?: string }) {
  const signed = identity
    ? {
        ...identity,
        userHash: createHmac("sha256", SECRET)
          .update(`${identity.userId}\n${identity.email ?? ""}\n${identity.name ?? ""}`)
          .digest("hex"),
      }
    : undefined;
  const res = await fetch(`${worker.url}/api/chat/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ lang: "en", ...(signed ? { identity: signed } : {}) }),
  });
  expect([200, 201]).toContain(res.status);
  const session = (await res.json()) as { token: string; visitor: { id: string; verified: boolean } };
  expect(session.visitor.verified).toBe(Boolean(identity));
  const frames: Frame[] = [];
  let ws!: WebSocket;
  const open = () => {
    ws = new WebSocket(`${worker.url.replace(/^http/, "ws")}/api/chat/socket`, ["relaydesk-chat", session.token]);
    ws.addEventListener("message", (ev) => {
      try {
        frames.push(JSON.parse(String(ev.data)) as Frame);
      } catch {
        // not a frame of ours
      }
    });
    return new Promise<void>((ok, fail) => {
      ws.addEventListener("open", () => ok(), { once: true });
      ws.addEventListener("error", () => fail(new Error("chat socket refused")), { once: true });
    });
  };
  await open();
  return {
    token: session.token,
    frames,
    open,
    send: (frame: object) => ws.send(JSON.stringify(frame)),
    close: () => ws.close(1000, "left"),
    async write(text: string): Promise<{ ticketId: string; messageId: string }> {
      const r = await fetch(`${worker.url}/api/chat/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ clientId: `e2e_${crypto.randomUUID().replaceAll("-", "")}`, text }),
      });
      expect(r.status).toBe(201);
      const body = (await r.json()) as { message: { id: string }; ticket: { id: string } };
      return { ticketId: body.ticket.id, messageId: body.message.id };
    },
    /** The first frame matching `pred` (waits for it). */
    frame: (pred: (f: Frame) => boolean, what: string) =>
      eventually(async () => frames.find(pred), `the visitor's socket: ${what}`, STEP_MS),
  };
}

async function signIn(token: string, next: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: "en-US" });
  contexts.push(context);
  const page = await context.newPage();
  collectPageErrors(page, pageErrors);
  return signInThroughForm(page, worker, token, { next });
}

async function shot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width < 500 ? 844 : 800 });
    await page.screenshot({ path: resolve(ARTIFACTS, `${name}-${width}.png`), fullPage: width < 500 });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.runIf(haveChromium)("live chat in the staff inbox and admin (Chromium)", () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    worker = await startWrangler({ vars: { TURNSTILE: "off", CHAT_IDENTITY_SECRET: SECRET } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await closeAll({ contexts, browser, worker });
  });
  printOutputOnFailure(() => worker);

  it("shows the visitor live (online, typing, Seen, left) and sends the agent's typing to the widget", async () => {
    const v = await visitor();
    const marker = crypto.randomUUID().slice(0, 8);
    const { ticketId } = await v.write(`My USDT deposit has not arrived ${marker}`);
    const li = await createAgent(worker, `Li ${marker}`);
    const page = await signIn(li.token, "/staff");
    await page.goto(`${worker.url}/staff#t=${ticketId}`);

    const line = page.locator("#rd-chat-live");
    await line.waitFor({ timeout: STEP_MS });
    await expect.poll(() => line.textContent(), { timeout: STEP_MS }).toContain("Live chat");
    await expect.poll(() => line.getAttribute("data-online"), { timeout: STEP_MS }).toBe("true");
    expect(await page.locator("#rd-chat-online").textContent()).toContain("Customer is on the page");
    // The anonymous visitor's identity is marked, never badged Verified.
    await page.locator("#rd-contact .chat-visitor").waitFor({ timeout: STEP_MS });
    expect(await page.locator("#rd-contact .chat-visitor").textContent()).toBe("unverified visitor");
    expect(await page.locator("#rd-contact .chat-verified").count()).toBe(0);

    // The visitor types: the agent sees it live; stops: it goes.
    v.send({ type: "typing", typing: true });
    await expect
      .poll(() => page.locator("#rd-chat-typing").textContent(), { timeout: STEP_MS })
      .toBe("Customer is typing…");
    v.send({ type: "typing", typing: false });
    await expect.poll(() => page.locator("#rd-chat-typing").textContent(), { timeout: STEP_MS }).toBe("");

    // The agent types: the visitor's socket hears it (from staff, typing true); sending ends it.
    const reply = `We are checking your deposit now ${marker}`;
    await page.locator("#rd-reply").click();
    await page.locator("#rd-reply").pressSequentially("We are checking", { delay: 20 });
    await v.frame((f) => f.type === "typing" && f.from === "staff" && f.typing === true, "the agent typing");
    await page.locator("#rd-reply").fill(reply);
    await page.locator("#rd-send").click();
    const got = await v.frame(
      (f) => f.type === "message" && f.message?.author === "staff" && f.message.body === reply,
      "the reply",
    );
    await v.frame((f) => f.type === "typing" && f.from === "staff" && f.typing === false, "the agent stopped typing");
    const replyId = got.message?.id as string;
    const replyRow = page.locator(`#rd-thread li[data-id="${replyId}"]`);
    await replyRow.waitFor({ timeout: STEP_MS });
    expect(await replyRow.locator(".chat-seen").count()).toBe(0);

    // The visitor reads it: "Seen" under that reply.
    v.send({ type: "read", upTo: replyId });
    await replyRow.locator(".chat-seen").waitFor({ timeout: STEP_MS });
    expect(await replyRow.locator(".chat-seen").textContent()).toContain("Seen");

    // Typing again for the screenshots: online, typing, Seen.
    v.send({ type: "typing", typing: true });
    await expect
      .poll(() => page.locator("#rd-chat-typing").textContent(), { timeout: STEP_MS })
      .toBe("Customer is typing…");
    await shot(page, "staff-chat-ticket");

    // The list marks the live chat; leaving the page shows in the header and the marker goes.
    await page.locator(`#rd-tickets li[data-id="${ticketId}"] .chat-live-mark`).waitFor({ timeout: STEP_MS });
    v.close();
    await expect.poll(() => line.getAttribute("data-online"), { timeout: STEP_MS }).toBe("false");
    expect(await page.locator("#rd-chat-online").textContent()).toContain("Customer has left the page");
    expect(await page.locator("#rd-chat-typing").textContent()).toBe("");
    await expect
      .poll(() => page.locator(`#rd-tickets li[data-id="${ticketId}"] .chat-live-mark`).count(), {
        timeout: STEP_MS,
      })
      .toBe(0);

    // A reload reads the same state from the ticket's `live` field: offline, Seen kept.
    await page.reload();
    await line.waitFor({ timeout: STEP_MS });
    await expect.poll(() => line.getAttribute("data-online"), { timeout: STEP_MS }).toBe("false");
    await page.locator(`#rd-thread li[data-id="${replyId}"] .chat-seen`).waitFor({ timeout: STEP_MS });
    expect(pageErrors).toEqual([]);
  });

  it("badges a signed-in widget user Verified, and a non-chat ticket shows no live line", async () => {
    const marker = crypto.randomUUID().slice(0, 8);
    const v = await visitor({ userId: `uid-${marker}`, email: `u${marker}@example.com`, name: `Mei ${marker}` });
    const { ticketId } = await v.write(`Cannot log in ${marker}`);
    const wang = await createAgent(worker, `Wang ${marker}`);
    const page = await signIn(wang.token, "/staff");
    await page.goto(`${worker.url}/staff#t=${ticketId}`);
    const badge = page.locator("#rd-contact .chat-verified");
    await badge.waitFor({ timeout: STEP_MS });
    expect(await badge.textContent()).toBe("Verified");
    expect(await page.locator("#rd-contact .chat-visitor").count()).toBe(0);
    expect(await page.locator("#rd-chat-live").getAttribute("data-online")).toBe("true");
    v.close();

    // The plain web form (no chat): no live line, no chat badges.
    const form = await fetch(`${worker.url}/api/tickets`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        name: "Form",
        email: `f${marker}@example.com`,
        subject: `Form ${marker}`,
        description: `Form message ${marker}`,
      }),
    });
    expect(form.status).toBe(201);
    const { ticket } = (await form.json()) as { ticket: { id: string; number: string } };
    await page.goto(`${worker.url}/staff#t=${ticket.id}`);
    await expect
      .poll(() => page.locator("#rd-ticket-title").textContent(), { timeout: STEP_MS })
      .toContain(`Form ${marker}`);
    expect(await page.locator("#rd-chat-live").count()).toBe(0);
    expect(await page.locator("#rd-contact .chat-verified, #rd-contact .chat-visitor").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("the admin's Live chat screen refuses bad origins, saves good ones, toggles Turnstile, never shows the secret", async () => {
    const admin = await signIn(worker.bootstrapToken, "/staff/admin");
    await admin.goto(`${worker.url}/staff/admin#chat`);
    await admin.locator("#rd-chat-origin").waitFor({ timeout: STEP_MS });
    expect(await admin.locator("#rd-screen-title").textContent()).toBe("Live chat");
    expect(await admin.locator("#rd-chat-identity").getAttribute("data-state")).toBe("on");
    expect(await admin.content()).not.toContain(SECRET);

    // Refused before sending: a path, a wildcard, no scheme.
    for (const bad of ["https://exchange.example/support", "https://*.exchange.example", "exchange.example"]) {
      await admin.locator("#rd-chat-origin").fill(bad);
      await admin.locator("#rd-chat-origin-add").click();
      await admin.locator("#rd-chat-origin-error").waitFor({ timeout: STEP_MS });
    }
    const host = `ex${crypto.randomUUID().slice(0, 6)}.example`;
    for (const good of [`HTTPS://WWW.${host.toUpperCase()}/`, `http://localhost:8787`]) {
      await admin.locator("#rd-chat-origin").fill(good);
      await admin.locator("#rd-chat-origin-add").click();
      await admin.locator(".notice").waitFor({ timeout: STEP_MS });
    }
    await admin.locator(`#rd-chat-origins li[data-origin="https://www.${host}"]`).waitFor({ timeout: STEP_MS });
    // The same origin again is refused in place.
    await admin.locator("#rd-chat-origin").fill(`https://www.${host}`);
    await admin.locator("#rd-chat-origin-add").click();
    await admin.locator("#rd-chat-origin-error").waitFor({ timeout: STEP_MS });
    await admin.locator("#rd-chat-turnstile").check();
    await expect
      .poll(async () => {
        const r = await adminApi(worker, "/chat-settings");
        const body = (await r.json()) as { settings?: object } & Record<string, unknown>;
        return (body.settings ?? body) as { allowedOrigins: string[]; turnstileFirstMessage: boolean };
      })
      .toMatchObject({
        allowedOrigins: [`https://www.${host}`, "http://localhost:8787"],
        turnstileFirstMessage: true,
      });
    expect(await admin.locator("#rd-chat-embed").inputValue()).toBe(
      `<script src="${worker.url}/widget.js" async></script>`,
    );
    await shot(admin, "staff-admin-chat");

    // Kept after a reload; removing one asks first.
    await admin.reload();
    const row = admin.locator('#rd-chat-origins li[data-origin="http://localhost:8787"]');
    await row.waitFor({ timeout: STEP_MS });
    await row.locator("button.danger").click();
    await admin.locator(".confirm button.danger").click();
    await expect.poll(() => row.count(), { timeout: STEP_MS }).toBe(0);
    const r = await adminApi(worker, "/chat-settings");
    const body = (await r.json()) as { settings?: { allowedOrigins: string[] }; allowedOrigins?: string[] };
    expect((body.settings ?? body).allowedOrigins).toEqual([`https://www.${host}`]);
    expect(JSON.stringify(body)).not.toContain(SECRET);
    expect(pageErrors).toEqual([]);
  });
});
