// The staff inbox in real Chromium against wrangler dev and the fake Telegram Bot API: two agents
// signed in side by side; a customer writes through the Telegram webhook and both inboxes update
// live; presence, reply, resolve, a dropped socket that catches up, merge and search.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import {
  type Agent,
  adminApi,
  closeAll,
  collectPageErrors,
  createAgent as createStaff,
  haveChromium,
  launchChromium,
  requireChromiumInCi,
  signInThroughForm,
  telegramCustomer,
} from "./staff-harness";
import { eventually, printOutputOnFailure, type RunningWorker, startTelegramWorker } from "./wrangler";

// Page-side callbacks run in Chromium; the project compiles without the DOM lib (it would clash with
// the Workers types), so the few browser globals they touch are described here.
interface PageElement {
  id: string;
  textContent: string | null;
  value?: string;
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { x: number; width: number };
}
declare const document: {
  activeElement: PageElement | null;
  title: string;
  documentElement: { scrollWidth: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & ArrayLike<PageElement>;
  getElementById(id: string): PageElement | null;
};
declare const window: {
  innerWidth: number;
  noReload?: boolean;
  relaydeskInbox: { dropFeed(holdMs?: number): void; lastSeq(): number | null };
};
declare const location: { hash: string };

requireChromiumInCi();

const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
const TOKEN = "555000222:E2E-fake-telegram-token";
const SECRET = "e2e-staff-inbox-webhook-secret";
/** How soon a new ticket or a status change must show in another open tab (the bound). */
const LIVE_WITHIN_MS = 1_000;
/** Other live updates (presence, messages) in another tab. */
const STEP_MS = 5_000;

let fake: FakeTelegram;
let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors and console errors (CSP violations among them) of every inbox page. */
const pageErrors: string[] = [];

const admin = (path: string, init: RequestInit = {}) => adminApi(worker, path, init);
const createAgent = (name: string) => createStaff(worker, name);
/** A private-chat Telegram update, posted to the webhook with the secret. */
const customerWrites = telegramCustomer(() => worker, SECRET, 500_000);

async function newContext(opts: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US", ...opts });
  contexts.push(context);
  return context;
}

/** Signs in through the real form (token -> session cookie) and waits for the live feed. */
async function signIn(context: BrowserContext, agent: Agent): Promise<Page> {
  const page = await context.newPage();
  // HTTP errors the tests cause on purpose (403 on admin routes) log "Failed to load resource"; those are skipped.
  collectPageErrors(page, pageErrors, agent.name);
  await signInThroughForm(page, worker, agent.token);
  await page.locator("#rd-live[data-state=live]").waitFor();
  return page;
}

function row(page: Page, ticketId: string) {
  return page.locator(`#rd-tickets li[data-id="${ticketId}"]`);
}

async function ticketIdFor(text: string): Promise<{ id: string; number: string }> {
  return eventually(async () => {
    const res = await admin(`/tickets?q=${encodeURIComponent(text)}`);
    const body = (await res.json()) as { tickets: Array<{ id: string; number: string; subject: string }> };
    return body.tickets.find((t) => t.subject.includes(text));
  }, `ticket "${text}"`);
}

/** Status of a WebSocket upgrade of the staff feed (101 when accepted). */
function feedUpgradeStatus(headers: Record<string, string> = {}): Promise<number> {
  return new Promise((ok, fail) => {
    const req = httpRequest(`${worker.url}/api/staff/feed`, {
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        ...headers,
      },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      ok(res.statusCode ?? 101);
    });
    req.on("response", (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on("error", fail);
    req.setTimeout(15_000, () => req.destroy(new Error("upgrade timed out")));
    req.end();
  });
}

/** Presses j or k and waits for the ticket `step` rows away from the open one (the first row when none is open). */
async function pressAndExpect(page: Page, key: string, step: number): Promise<string> {
  const expected = await page.evaluate((step) => {
    const ids = [...document.querySelectorAll("#rd-tickets li")].map((li) => li.getAttribute("data-id") ?? "");
    const current = ids.indexOf(location.hash.slice(3));
    return ids[current < 0 ? 0 : Math.min(ids.length - 1, Math.max(0, current + step))] ?? "";
  }, step);
  await page.keyboard.press(key);
  await page.waitForFunction((id) => location.hash === `#t=${id}`, expected, { timeout: STEP_MS });
  return expected;
}

async function clearSearch(page: Page): Promise<void> {
  await page.locator("#rd-search").fill("");
  await page.locator("#rd-search").press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("#rd-tickets li").length > 0);
}

/** Runs SQL on the worker's local D1 (what an operator's `wrangler d1 execute` does). */
function d1Execute(sql: string): void {
  const root = resolve(import.meta.dirname, "../..");
  const node = [resolve(root, "node_modules/node/bin/node"), process.execPath].find((p) => existsSync(p));
  const run = spawnSync(
    node ?? process.execPath,
    [
      resolve(root, "node_modules/wrangler/bin/wrangler.js"),
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      worker.persistDir,
      "--command",
      sql,
    ],
    {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  if (run.status !== 0) throw new Error(`d1 execute failed:\n${run.stdout}\n${run.stderr}`);
}

/** A view button's label, without the count badge the views bar adds after it. */
const viewLabel = (page: Page, view: string) =>
  page.locator(`#rd-views [data-view="${view}"]`).evaluate((b) => b.firstChild?.textContent ?? "");
const shot = (page: Page, name: string) => page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`) });

describe.runIf(haveChromium)("staff inbox in Chromium", () => {
  let li: Agent;
  let bo: Agent;
  let pageA: Page;
  let pageB: Page;
  /** The ticket of the live-loop test, reused by later tests. */
  let first: { id: string; number: string };
  const chat = 8_100_000_000 + Math.floor(Math.random() * 1e6);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ fake, worker } = await startTelegramWorker({ token: TOKEN, secret: SECRET }));
    browser = await launchChromium();
    li = await createAgent("Li");
    bo = await createAgent("Bo");
  });
  afterAll(() => closeAll({ contexts, browser, worker, fake }));
  printOutputOnFailure(() => worker);

  it("without a session /staff goes to sign-in and the feed refuses the WebSocket", async () => {
    const res = await fetch(`${worker.url}/staff`, { redirect: "manual" });
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get("location")).toBe("/staff/login?next=%2Fstaff");
    expect(await feedUpgradeStatus()).toBe(401);
    expect(await feedUpgradeStatus({ Cookie: "rd_session=not-a-real-session-id" })).toBe(401);
  });

  it("two agents sign in; an agent's session gets 403 on admin routes; the session opens the feed", async () => {
    pageA = await signIn(await newContext(), li);
    pageB = await signIn(await newContext(), bo);
    expect(await pageA.locator("#rd-me").textContent()).toBe("Li");
    expect(await pageB.locator("#rd-me").textContent()).toBe("Bo");

    const adminStatus = await pageA.evaluate(async () => {
      const csrf = document.querySelector('meta[name="rd-csrf"]')?.getAttribute("content") ?? "";
      const list = await fetch("/api/staff/users");
      const create = await fetch("/api/staff/users", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ name: "Mallory", role: "admin" }),
      });
      const me = await fetch("/api/staff/me");
      return { list: list.status, create: create.status, me: me.status };
    });
    expect(adminStatus).toEqual({ list: 403, create: 403, me: 200 });

    const cookie = (await pageA.context().cookies()).find((c) => c.name === "rd_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(await feedUpgradeStatus({ Cookie: `rd_session=${cookie?.value}` })).toBe(101);
  });

  it("a Telegram message reaches both inboxes live; B sees A viewing and typing; A's reply reaches Telegram; A resolves and B's list follows", async () => {
    const marker = crypto.randomUUID().slice(0, 8);
    const text = `Withdrawal stuck ${marker} <b>not bold</b>`;
    const sentAt = await customerWrites(chat, "Wang", text);
    first = await ticketIdFor(marker);

    const seenA = row(pageA, first.id)
      .waitFor()
      .then(() => Date.now() - sentAt);
    const seenB = row(pageB, first.id)
      .waitFor()
      .then(() => Date.now() - sentAt);
    const [msA, msB] = await Promise.all([seenA, seenB]);
    console.info(`new ticket visible in tab A after ${msA} ms, tab B after ${msB} ms`);
    expect(Math.max(msA, msB)).toBeLessThan(LIVE_WITHIN_MS);
    // Data is text, never markup.
    expect(await row(pageB, first.id).locator(".subject").textContent()).toContain("<b>not bold</b>");
    expect(await row(pageB, first.id).locator("b").count()).toBe(0);
    expect(await row(pageB, first.id).locator(".who").textContent()).toBe("Wang");
    expect(await row(pageB, first.id).locator(".ch-telegram").count()).toBe(1);
    await shot(pageB, "staff-inbox-new-ticket");

    // A opens it: B's list shows "Li is viewing", and so does B's own view of the ticket.
    await row(pageA, first.id).click();
    await pageA.locator("#rd-ticket-title", { hasText: first.number }).waitFor();
    await pageA.locator("#rd-thread .msg.dir-in", { hasText: marker }).waitFor();
    await row(pageB, first.id).locator(".presence", { hasText: "Li is viewing" }).waitFor({ timeout: STEP_MS });
    await row(pageB, first.id).click();
    await pageB.locator("#rd-presence", { hasText: "Li is viewing" }).waitFor();
    await row(pageA, first.id).locator(".presence", { hasText: "Bo is viewing" }).waitFor({ timeout: STEP_MS });

    // A types: B sees it; A sends: the fake Telegram receives exactly that text in the customer's chat.
    const reply = `We are re-broadcasting your withdrawal ${marker}.`;
    await pageA.keyboard.press("r");
    expect(await pageA.evaluate(() => document.activeElement?.id)).toBe("rd-reply");
    await pageA.keyboard.type(reply);
    await pageB.locator("#rd-presence", { hasText: "Li is typing" }).waitFor({ timeout: STEP_MS });
    await shot(pageB, "staff-inbox-presence");
    await pageA.locator("#rd-send").click();
    // B's open ticket shows the reply without a reload, within the bound.
    await pageB.locator("#rd-thread .msg.dir-out", { hasText: reply }).waitFor({ timeout: LIVE_WITHIN_MS });
    const sent = await eventually(
      async () => fake.calls({ chatId: chat, method: "sendMessage" }).find((c) => c.params.text === reply),
      "the reply at the fake Telegram",
    );
    expect(sent.params.chat_id).toBe(chat);
    await pageA.locator("#rd-thread .msg.dir-out", { hasText: reply }).locator("[data-delivery=sent]").waitFor();

    // An internal note is set apart and never goes to Telegram.
    await pageA.locator("header .brand").click(); // out of the text box
    await pageA.keyboard.press("n");
    expect(await pageA.evaluate(() => document.activeElement?.id)).toBe("rd-note");
    await pageA.keyboard.type(`Checked the node ${marker}`);
    await pageA.locator("#rd-add-note").click();
    await pageB
      .locator("#rd-thread .msg.dir-note", { hasText: `Checked the node ${marker}` })
      .locator(".note-label")
      .waitFor({ timeout: STEP_MS });
    expect(fake.calls({ chatId: chat }).some((c) => String(c.params.text).includes("Checked the node"))).toBe(false);
    await shot(pageA, "staff-inbox-ticket");

    // A claims and resolves (e): B's list and B's open ticket follow without a reload.
    await pageA.locator("#rd-claim").click();
    await pageB.waitForFunction(
      (id) => document.querySelector(`#rd-tickets li[data-id="${id}"] .as`)?.textContent === "Li",
      first.id,
      { timeout: LIVE_WITHIN_MS },
    );
    await pageA.locator("header .brand").click();
    await pageA.keyboard.press("e");
    const resolvedAt = Date.now();
    await pageB.waitForFunction(
      (id) => document.querySelector(`#rd-tickets li[data-id="${id}"]`)?.dataset.status === "resolved",
      first.id,
      { timeout: LIVE_WITHIN_MS },
    );
    console.info(`resolve visible in tab B after ${Date.now() - resolvedAt} ms`);
    await pageB.waitForFunction(() => document.getElementById("rd-status")?.value === "resolved");
    const api = (await (await admin(`/tickets/${first.id}`)).json()) as {
      ticket: { status: string; assigneeId: string };
    };
    expect(api.ticket).toMatchObject({ status: "resolved", assigneeId: li.id });

    // A leaves the ticket (Esc): B no longer sees Li on it.
    await pageA.keyboard.press("Escape");
    await pageB.waitForFunction(() => document.getElementById("rd-presence")?.textContent === "", undefined, {
      timeout: STEP_MS,
    });
    expect(await row(pageB, first.id).locator(".presence").count()).toBe(0);

    // After a reload there is no presence to learn names from: B (an agent) still sees who has
    // the ticket, from the staff directory.
    await pageB.reload();
    // Back online before the next test drops B's socket on purpose.
    await pageB.locator("#rd-live[data-state=live]").waitFor({ timeout: STEP_MS });
    await pageB.waitForFunction(
      (id) => document.querySelector(`#rd-tickets li[data-id="${id}"] .as`)?.textContent === "Li",
      first.id,
      { timeout: STEP_MS },
    );
  });

  it("a dropped WebSocket reconnects with ?since= and shows what arrived meanwhile, without a reload", async () => {
    await pageB.evaluate(() => {
      window.noReload = true;
    });
    const sockets: string[] = [];
    pageB.on("websocket", (ws) => sockets.push(ws.url()));
    const seqBefore = await pageB.evaluate(() => window.relaydeskInbox.lastSeq());
    expect(seqBefore).toBeGreaterThan(0);

    // Held off long enough that B cannot be back (its catch-up comes before its hello) before the checks below.
    await pageB.evaluate(() => window.relaydeskInbox.dropFeed(12_000));
    await pageB.locator("#rd-live[data-state=offline]").waitFor();
    const marker = crypto.randomUUID().slice(0, 8);
    const otherChat = chat + 1;
    await customerWrites(otherChat, "Zhao", `Deposit missing ${marker}`);
    await customerWrites(chat, "Wang", `Still waiting ${marker}`);
    const created = await ticketIdFor(marker);
    // The feed has published it (A, online, shows it) while B was offline: B has not seen it yet.
    await row(pageA, created.id).waitFor({ timeout: STEP_MS });
    expect(await pageB.locator("#rd-live[data-state=offline]").count()).toBe(1);
    expect(await row(pageB, created.id).count()).toBe(0);

    await pageB.locator("#rd-live[data-state=live]").waitFor({ timeout: 20_000 });
    await row(pageB, created.id).waitFor({ timeout: STEP_MS });
    // The resolved ticket reopened by the customer's new message is back to open, and B's open view has the message.
    await pageB.locator("#rd-thread .msg.dir-in", { hasText: `Still waiting ${marker}` }).waitFor({ timeout: 5_000 });
    // The new socket asked the hub for what came after the last event this tab had seen.
    const since = Number(/\/api\/staff\/feed\?since=(\d+)$/.exec(sockets.at(-1) ?? "")?.[1]);
    expect(since).toBeGreaterThanOrEqual(seqBefore ?? Number.POSITIVE_INFINITY);
    expect(await pageB.evaluate(() => window.noReload)).toBe(true);
    await shot(pageB, "staff-inbox-after-reconnect");
  });

  it("search filters the list; merging two customers' tickets: an agent sees the refusal, an admin confirms", async () => {
    const marker = crypto.randomUUID().slice(0, 8);
    await customerWrites(chat + 2, "Sun", `KYC rejected ${marker}`);
    await customerWrites(chat + 3, "Sun", `KYC documents again ${marker}`);
    const from = await ticketIdFor(`KYC rejected ${marker}`);
    const into = await ticketIdFor(`KYC documents again ${marker}`);
    await row(pageA, from.id).waitFor({ timeout: STEP_MS });

    await pageA.locator("header .brand").click();
    await pageA.keyboard.press("/");
    expect(await pageA.evaluate(() => document.activeElement?.id)).toBe("rd-search");
    await pageA.keyboard.type(marker);
    await pageA.waitForFunction((ids) => {
      const shown = [...document.querySelectorAll("#rd-tickets li")].map((li) => li.dataset.id).sort();
      return JSON.stringify(shown) === JSON.stringify(ids);
    }, [from.id, into.id].sort());
    await shot(pageA, "staff-inbox-search");

    // Two Telegram accounts are two customers: agent A is refused, with the reason, and nothing moves.
    await row(pageA, from.id).click();
    await pageA.locator("#rd-merge-open").click();
    await pageA.locator("#rd-merge-into").fill(into.number);
    await pageA.locator("#rd-merge-into").press("Enter");
    await pageA.locator("#rd-merge-confirm").click();
    await pageA.locator("#rd-merge-refused", { hasText: "different customers" }).waitFor();
    await shot(pageA, "staff-inbox-merge-refused");
    await pageA.setViewportSize({ width: 390, height: 844 });
    await shot(pageA, "staff-inbox-merge-refused-390");
    await pageA.setViewportSize({ width: 1280, height: 800 });
    const still = (await (await admin(`/tickets/${from.id}`)).json()) as { ticket: { id: string } };
    expect(still.ticket.id).toBe(from.id);

    // B has the source ticket open while an admin merges it, confirming the two customers explicitly.
    await row(pageB, from.id).click();
    await pageB.locator("#rd-ticket-title", { hasText: from.number }).waitFor();
    const adminPage = await signIn(await newContext(), {
      id: "stf_bootstrap",
      name: "Bootstrap admin",
      token: worker.bootstrapToken,
    });
    await adminPage.goto(`${worker.url}/staff#t=${from.id}`);
    await adminPage.locator("#rd-ticket-title", { hasText: from.number }).waitFor();
    await adminPage.locator("#rd-merge-open").click();
    await adminPage.locator("#rd-merge-into").fill(into.number);
    await adminPage.locator("#rd-merge-into").press("Enter");
    await adminPage.locator("#rd-merge-confirm").click();
    await adminPage.locator("#rd-merge-different").waitFor();
    await shot(adminPage, "staff-inbox-merge-confirm-different");
    await adminPage.setViewportSize({ width: 390, height: 844 });
    await shot(adminPage, "staff-inbox-merge-confirm-different-390");
    await adminPage.setViewportSize({ width: 1280, height: 800 });
    await adminPage.locator("#rd-merge-confirm-different").click();
    await adminPage.locator("#rd-ticket-title", { hasText: into.number }).waitFor();
    // Each message says whose conversation it is; a reply can be aimed at either customer.
    await adminPage.locator("#rd-thread .msg", { hasText: `KYC rejected ${marker}` }).waitFor();
    await adminPage.locator("#rd-thread .msg", { hasText: `KYC documents again ${marker}` }).waitFor();
    await adminPage
      .locator("#rd-thread .msg", { hasText: `from ${from.number}` })
      .first()
      .waitFor();
    await adminPage
      .locator("#rd-thread .msg.dir-in", { hasText: `KYC rejected ${marker}` })
      .locator(".reply-to")
      .click();
    await adminPage.locator("#rd-via", { hasText: from.number }).waitFor();
    await shot(adminPage, "staff-inbox-merged-customers");
    await adminPage.setViewportSize({ width: 390, height: 844 });
    await shot(adminPage, "staff-inbox-merged-customers-390");
    const after = (await (await admin(`/tickets/${from.id}`)).json()) as { ticket: { id: string } };
    expect(after.ticket.id).toBe(into.id);
    // B's view follows the merge to the ticket the conversation now lives in.
    await pageB.locator("#rd-ticket-title", { hasText: into.number }).waitFor({ timeout: STEP_MS });
    await pageB.waitForFunction(
      (id) => !document.querySelector(`#rd-tickets li[data-id="${id}"][data-status="new"]`),
      from.id,
    );
    await adminPage.close();
  });

  it("a web-form address nobody confirmed shows as unverified to staff; the customer's pages explain and confirm it", async () => {
    const email = `e2e-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const res = await fetch(`${worker.url}/api/tickets`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "10.9.8.7" },
      body: JSON.stringify({
        email,
        name: "Wen",
        category: "withdrawal",
        subject: "Withdrawal pending for two days",
        description: "My USDT withdrawal is still pending.",
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { ticket: { id: string; number: string }; link: string };

    await clearSearch(pageA);
    await row(pageA, created.ticket.id).click();
    await pageA.locator("#rd-contact [data-verified=false]", { hasText: "unverified" }).first().waitFor();
    await pageA.locator("#rd-tab-reply").click();
    await pageA.locator("#rd-via", { hasText: "ticket page only" }).waitFor();
    await shot(pageA, "staff-inbox-unverified-email");
    await pageA.setViewportSize({ width: 390, height: 844 });
    await pageA.locator("#rd-contact").scrollIntoViewIfNeeded();
    await shot(pageA, "staff-inbox-unverified-email-390");
    await pageA.setViewportSize({ width: 1280, height: 800 });

    // The customer's side: the ticket page says answers stay there until the address is confirmed.
    const link = await eventually(async () => {
      const sandbox = (await (await fetch(`${worker.url}/dev/sandbox?format=json`)).json()) as {
        sends: Array<{ recipient: string; payload: { link?: string } }>;
      };
      return sandbox.sends.find((s) => s.recipient === email && s.payload.link)?.payload.link;
    }, "confirmation link in the sandbox");
    const customer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const width of [1280, 390]) {
      await customer.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await customer.goto(`${worker.url}${created.link}`);
      await customer.locator("#email-claim").waitFor();
      await customer.screenshot({ path: resolve(ARTIFACTS, `ticket-page-unconfirmed-${width}.png`), fullPage: true });
      await customer.goto(`${worker.url}${new URL(link).pathname}`);
      await customer.locator("#confirm-email").waitFor();
      await customer.screenshot({ path: resolve(ARTIFACTS, `verify-email-${width}.png`), fullPage: true });
    }
    await customer.locator("#confirm-email").click();
    await customer.locator("h1", { hasText: "confirmed" }).waitFor();
    await customer.screenshot({ path: resolve(ARTIFACTS, "verify-email-confirmed-390.png"), fullPage: true });
    await customer.close();
    await pageA
      .locator("#rd-contact [data-verified=true]", { hasText: "verified" })
      .first()
      .waitFor({ timeout: STEP_MS * 2 });
  });

  it("a failed delivery shows its reason and a Retry button that sends it again", async () => {
    await clearSearch(pageA);
    await row(pageA, first.id).click();
    await pageA.locator("#rd-ticket-title", { hasText: first.number }).waitFor();
    fake.fail({ method: "sendMessage", chat_id: chat, times: 1, error_code: 400, description: "Bad Request: odd" });
    const text = `Please confirm the address ${crypto.randomUUID().slice(0, 6)}`;
    await pageA.locator("#rd-tab-reply").click();
    await pageA.locator("#rd-reply").fill(text);
    await pageA.locator("#rd-reply").press("Control+Enter");
    const msg = pageA.locator("#rd-thread .msg.dir-out", { hasText: text });
    await msg.locator("[data-delivery=failed]", { hasText: "Bad Request: odd" }).waitFor({ timeout: 15_000 });
    const delivered = () =>
      fake.calls({ chatId: chat, method: "sendMessage" }).filter((c) => c.params.text === text && !c.failedWith);
    expect(delivered()).toHaveLength(0);
    await shot(pageA, "staff-inbox-failed-delivery");
    await msg.locator("button.retry").click();
    await msg.locator("[data-delivery=sent]").waitFor({ timeout: 15_000 });
    expect(delivered()).toHaveLength(1);
  });

  it("attachments link to the authorised staff route", async () => {
    const marker = crypto.randomUUID().slice(0, 8);
    const form = new FormData();
    form.set("email", "qian@example.com");
    form.set("name", "Qian");
    form.set("category", "deposit");
    form.set("subject", `Deposit screenshot ${marker}`);
    form.set("description", "The log is attached.");
    form.set("attachments", new Blob([`wallet log ${marker}`], { type: "text/plain" }), "wallet-log.txt");
    const res = await fetch(`${worker.url}/api/tickets`, { method: "POST", body: form });
    expect(res.status).toBe(201);
    const { ticket } = (await res.json()) as { ticket: { id: string } };
    await row(pageA, ticket.id).click();
    const link = pageA.locator("#rd-thread .atts a", { hasText: "wallet-log.txt" });
    await link.waitFor();
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/api\/staff\/attachments\/[a-z]{2,4}_[a-z0-9]+$/);
    const inBrowser = await pageA.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, body: await r.text() };
    }, href);
    expect(inBrowser).toEqual({ status: 200, body: `wallet log ${marker}` });
    expect((await fetch(`${worker.url}${href}`)).status).toBe(401); // no session, no file
    expect(await pageA.locator("#rd-thread .ch-webform").count()).toBeGreaterThan(0);
  });

  it("canned replies fill their variables into the reply box", async () => {
    // OR REPLACE: a retried test (e2e retry: 1) inserts the same row again.
    const sql =
      "INSERT OR REPLACE INTO canned_replies (id, title, body, language, created_by, created_at) VALUES " +
      "('cnd_e2e1', 'Checking', 'Hi {{customer_name}}, we are checking {{ticket_number}}.', 'en', 'stf_bootstrap', '2026-01-01T00:00:00Z')";
    d1Execute(sql);
    await pageA.reload();
    await pageA.locator("#rd-live[data-state=live]").waitFor();
    await row(pageA, first.id).click();
    await pageA.locator("#rd-ticket-title", { hasText: first.number }).waitFor();
    await pageA.locator("#rd-canned option[value=cnd_e2e1]").waitFor({ state: "attached" });
    await pageA.locator("#rd-reply").fill("");
    await pageA.locator("#rd-canned").selectOption("cnd_e2e1");
    expect(await pageA.locator("#rd-reply").inputValue()).toBe(`Hi Wang, we are checking ${first.number}.`);
    await pageA.locator("#rd-reply").fill("");
  });

  it("views and filters narrow the list", async () => {
    await pageB.locator('#rd-views [data-view="unassigned"]').click();
    await pageB.waitForFunction(
      (id) => document.querySelectorAll("#rd-tickets li").length > 0 && !document.querySelector(`[data-id="${id}"]`),
      first.id,
    );
    const shown = await pageB.$$eval("#rd-tickets li .as", (els) => els.map((e) => e.textContent));
    expect(shown.every((t) => t === "Unassigned")).toBe(true);
    await pageB.locator('#rd-views [data-view="ch:discord"]').click();
    await pageB.locator("#rd-empty").waitFor();
    await pageB.locator('#rd-views [data-view="ch:telegram"]').click();
    await row(pageB, first.id).waitFor();
    await pageB.locator("#rd-filter-category").selectOption("kyc");
    await pageB.waitForFunction((id) => !document.querySelector(`#rd-tickets [data-id="${id}"]`), first.id);
    await pageB.locator("#rd-filter-category").selectOption("");
    await pageB.locator('#rd-views [data-view="all"]').click();
    await row(pageB, first.id).waitFor();

    // Each view shows how many open tickets it holds, as the API counts them (0 shows no badge),
    // and the tab's title how many wait for someone (unassigned, or asking for a person).
    await pageB.waitForFunction(
      async () => {
        const res = await fetch("/api/staff/views/counts", { headers: { Accept: "application/json" } });
        const { counts } = (await res.json()) as { counts: Record<string, number> };
        const badge = (v: string) => document.querySelector(`#rd-views [data-view="${v}"] .count`)?.textContent ?? "0";
        const views = ["all", "mine", "unassigned", "urgent", "needs_human", "ch:telegram", "ch:discord"];
        const waiting = (counts.unassigned ?? 0) + (counts.needs_human ?? 0);
        const title = waiting ? document.title.startsWith(`(${waiting}) `) : !document.title.startsWith("(");
        return (counts.all ?? 0) > 0 && title && views.every((v) => badge(v) === String(counts[v] ?? 0));
      },
      null,
      { timeout: 15_000, polling: 500 },
    );
    // "Needs a human" lists exactly what its count says.
    await pageB.locator('#rd-views [data-view="needs_human"]').click();
    await pageB.waitForFunction(
      async () => {
        const res = await fetch("/api/staff/tickets?view=needs_human", { headers: { Accept: "application/json" } });
        const { tickets } = (await res.json()) as { tickets: Array<{ id: string }> };
        const shown = [...document.querySelectorAll("#rd-tickets li")].map((li) => li.getAttribute("data-id"));
        return JSON.stringify(shown) === JSON.stringify(tickets.map((t) => t.id));
      },
      null,
      { timeout: 15_000, polling: 500 },
    );
    await pageB.locator('#rd-views [data-view="all"]').click();
    await row(pageB, first.id).waitFor();
  });

  it("keyboard: j/k move through the list, ? shows the shortcuts, Escape closes", async () => {
    await clearSearch(pageB);
    await pageB.locator("header .brand").click();
    const ids = await pageB.$$eval("#rd-tickets li", (lis) => lis.map((li) => li.getAttribute("data-id")));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    await pageB.keyboard.press("Escape");
    await pageB.waitForFunction(() => !document.querySelector("#rd-tickets li[aria-current]"));
    // The list is live (deliveries reorder it), so each step's target is read just before the key.
    const firstId = await pressAndExpect(pageB, "j", 1);
    const secondId = await pressAndExpect(pageB, "j", 1);
    expect(secondId).not.toBe(firstId);
    const back = await pressAndExpect(pageB, "k", -1);
    expect(await pageB.locator("#rd-tickets li[aria-current=true]").getAttribute("data-id")).toBe(back);
    await pageB.keyboard.press("?");
    await pageB.locator("#rd-help").waitFor();
    await pageB.keyboard.press("Escape");
    await pageB.locator("#rd-help").waitFor({ state: "hidden" });
  });

  it("speaks Chinese by Accept-Language, switches to English, and works on a phone", async () => {
    const phone = await newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: "zh-CN",
    });
    const page = await signIn(phone, li);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await viewLabel(page, "mine")).toBe("我的");
    await page.locator("#rd-tickets li").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator(".detail").isVisible()).toBe(false);
    await shot(page, "staff-inbox-phone-list");
    await page.locator(`#rd-tickets li[data-id="${first.id}"]`).tap();
    await page.locator("#rd-ticket-title", { hasText: first.number }).waitFor();
    expect(await page.locator(".inbox").isVisible()).toBe(false);
    expect(await page.locator("#rd-reply").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot(page, "staff-inbox-phone-ticket");
    await page.locator("#rd-back").tap();
    await page.locator(".inbox").waitFor();

    await page.locator("#rd-lang").tap();
    await page.waitForURL(/lang=en/);
    expect(await viewLabel(page, "mine")).toBe("Mine");
    await page.goto(`${worker.url}/staff`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en"); // the choice is remembered

    // Sign-out (a form carrying the CSRF token) ends this session only.
    await page.locator("form.out button").tap();
    await page.waitForURL(/\/staff\/login/);
    await page.goto(`${worker.url}/staff`);
    await page.waitForURL(/\/staff\/login\?next=/);
    expect(await pageA.evaluate(async () => (await fetch("/api/staff/me")).status)).toBe(200);
  });

  it("the desktop layout at 1280 px shows list, ticket and customer panel side by side", async () => {
    await clearSearch(pageA);
    await row(pageA, first.id).click();
    await pageA.locator("#rd-contact h3").waitFor();
    // The customer's panel: the Telegram identity (chat id) and their tickets.
    await pageA
      .locator("#rd-contact .identities li", { hasText: String(chat) })
      .locator(".ch-telegram")
      .waitFor();
    expect(await pageA.locator("#rd-contact .past li", { hasText: first.number }).count()).toBe(1);
    const boxes = await pageA.evaluate(() =>
      ["#rd-tickets", "#rd-ticket", "#rd-contact"].map((s) => {
        const r = document.querySelector(s)?.getBoundingClientRect();
        return r ? { x: r.x, w: r.width } : null;
      }),
    );
    const [list, ticket, contact] = boxes;
    expect(list && ticket && contact).toBeTruthy();
    if (!list || !ticket || !contact) return;
    expect(list.x + list.w).toBeLessThanOrEqual(ticket.x + 1);
    expect(ticket.x + ticket.w).toBeLessThanOrEqual(contact.x + 1);
    expect(contact.x + contact.w).toBeLessThanOrEqual(1280);
    expect(await pageA.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot(pageA, "staff-inbox");
  });

  it("an admin assigns a ticket to someone else from a picker, and that agent sees it as theirs", async () => {
    const page = await signIn(await newContext(), {
      id: "stf_bootstrap",
      name: "Bootstrap admin",
      token: worker.bootstrapToken,
    });
    await row(page, first.id).click();
    const picker = page.locator("#rd-assignee");
    await picker.locator(`option[value="${bo.id}"]`).waitFor({ state: "attached" });
    await picker.selectOption(bo.id);
    await pageB.waitForFunction(
      (id) => document.querySelector(`#rd-tickets li[data-id="${id}"] .as`)?.textContent === "me",
      first.id,
      { timeout: LIVE_WITHIN_MS * 2 },
    );
    await pageB.locator('#rd-views [data-view="mine"]').click();
    await row(pageB, first.id).waitFor();
    await pageB.locator('#rd-views [data-view="all"]').click();
    await page.close();
  });

  it("a long list pages with Load more", async () => {
    const base = chat + 1_000;
    for (let i = 0; i < 50; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => customerWrites(base + i + j, "Bulk", `Bulk question ${i + j}`)),
      );
    }
    await clearSearch(pageA);
    await pageA.waitForFunction(() => document.querySelectorAll("#rd-tickets li").length === 50, undefined, {
      timeout: 20_000,
    });
    await pageA.locator("#rd-more").click();
    await pageA.waitForFunction(() => document.querySelectorAll("#rd-tickets li").length > 50);
    // A live refresh (a new ticket arrives) keeps the rows Load more brought in.
    await customerWrites(base + 99, "Late", "One more question");
    const late = await ticketIdFor("One more question");
    await row(pageA, late.id).waitFor({ timeout: STEP_MS });
    await pageA.waitForFunction(() => document.querySelectorAll("#rd-tickets li").length > 51);
    const ids = await pageA.$$eval("#rd-tickets li", (lis) => lis.map((li) => li.getAttribute("data-id")));
    expect(new Set(ids).size).toBe(ids.length); // no ticket twice across pages
  });

  it("no page threw or logged an error (CSP violations included)", () => {
    expect(pageErrors).toEqual([]);
  });
});
