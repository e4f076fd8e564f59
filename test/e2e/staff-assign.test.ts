// Auto-assign and collisions in real Chromium against wrangler dev, with two agents in two browser contexts:
// the admin turns auto-assign on in the admin screens; new Telegram tickets (through the real webhook and a
// fake Bot API) alternate between Li and Wang, and skip Wang while Wang is away; when Li types on a ticket
// Wang has open, Wang's compose box warns, and Wang's Send asks first (Cancel sends nothing, "Send anyway"
// sends); a reply Li sent after Wang's draft began is asked about too. English and Chinese.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import { eventually, printOutputOnFailure, type RunningWorker, startTelegramWorker } from "./wrangler";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const inCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());
if (!haveChromium && inCi)
  throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);

const TOKEN = "555000333:E2E-fake-telegram-assign";
const SECRET = "e2e-telegram-assign-secret";
const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
const STEP_MS = 10_000;

let fake: FakeTelegram;
let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

function api(path: string, init: RequestInit = {}, token = worker.bootstrapToken) {
  return fetch(`${worker.url}/api/staff${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
  });
}

async function agent(name: string): Promise<{ id: string; token: string }> {
  const created = await api("/users", { method: "POST", body: JSON.stringify({ name, role: "agent" }) });
  const { user } = (await created.json()) as { user: { id: string } };
  const issued = await api(`/users/${user.id}/tokens`, { method: "POST", body: JSON.stringify({ name: "e2e" }) });
  const { token } = (await issued.json()) as { token: string };
  return { id: user.id, token };
}

async function signIn(token: string, next = "/staff", width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: "en-US" });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) pageErrors.push(msg.text());
  });
  await page.goto(`${worker.url}${next}`);
  await page.waitForURL(/\/staff\/login\?next=/);
  await page.locator("input[name=token]").fill(token);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(`${worker.url}${next}`);
  return page;
}

/** A new Telegram customer writes; returns the ticket once auto-assign had its chance (assigned, or settled unassigned). */
async function telegramTicket(expectAssigned = true): Promise<{ id: string; assigneeId: string | null }> {
  const chatId = 7_100_000_000 + Math.floor(Math.random() * 1e8);
  const text = `Deposit missing ${crypto.randomUUID().slice(0, 8)}`;
  const res = await fetch(`${worker.url}/webhooks/telegram`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
    body: JSON.stringify({
      update_id: 100_000 + Math.floor(Math.random() * 1e8),
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private", first_name: "Lin" },
        from: { id: chatId, is_bot: false, first_name: "Lin", language_code: "en" },
        text,
      },
    }),
  });
  expect(res.status).toBe(200);
  const found = await eventually(async () => {
    const r = await api(`/tickets?channel=telegram&q=${encodeURIComponent(text)}`);
    const { tickets } = (await r.json()) as { tickets: Array<{ id: string; assigneeId: string | null }> };
    const t = tickets[0];
    return t && (!expectAssigned || t.assigneeId) ? t : undefined;
  }, "the new ticket");
  return { id: found.id, assigneeId: found.assigneeId };
}

async function replies(ticketId: string): Promise<string[]> {
  // A dropped local connection (wrangler dev under load) is retried; anything else fails the test.
  for (let attempt = 0; ; attempt++) {
    const r = await api(`/tickets/${ticketId}`);
    if (!r.ok && attempt < 3) {
      await r.body?.cancel();
      continue;
    }
    const { messages } = (await r.json()) as { messages: Array<{ direction: string; author: string; body: string }> };
    return messages.filter((m) => m.direction === "out" && m.author === "staff").map((m) => m.body);
  }
}

async function shot(page: Page, name: string, widths = [1280, 390]): Promise<void> {
  for (const width of widths) {
    await page.setViewportSize({ width, height: width < 500 ? 844 : 800 });
    await page.screenshot({ path: resolve(ARTIFACTS, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.runIf(haveChromium)("auto-assign and collisions in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ fake, worker } = await startTelegramWorker({ token: TOKEN, secret: SECRET }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await worker?.stop();
    await fake?.close();
  });
  printOutputOnFailure(() => worker);

  it("the admin turns auto-assign on; new Telegram tickets alternate between Li and Wang, and skip Wang while away", async () => {
    const li = await agent("Li");
    const wang = await agent("Wang");
    const pageLi = await signIn(li.token);
    const pageWang = await signIn(wang.token);
    for (const p of [pageLi, pageWang]) await p.locator("#rd-live[data-state=live]").waitFor({ timeout: 30_000 });

    // Off by default: a ticket stays unassigned.
    expect((await telegramTicket(false)).assigneeId).toBeNull();

    const admin = await signIn(worker.bootstrapToken, "/staff/admin");
    await admin.locator("nav.sections a[data-screen=assign]").click();
    await admin.locator("#rd-assign-state", { hasText: "Auto-assign is off" }).waitFor();
    await admin.locator("#rd-assign-online li", { hasText: "Wang" }).waitFor();
    await admin.locator("#rd-assign-enabled").check();
    await admin.locator("#rd-assign-cap").fill("20");
    await admin.locator("#rd-assign-form button[type=submit]").click();
    await admin.locator("#rd-assign-state", { hasText: "Auto-assign is on" }).waitFor();
    await shot(admin, "staff-assign-admin");
    const setting = (await (await api("/auto-assign")).json()) as {
      autoAssign: { enabled: boolean; maxOpenPerAgent: number };
    };
    expect(setting.autoAssign).toMatchObject({ enabled: true, maxOpenPerAgent: 20 });

    const got: Array<string | null> = [];
    for (let i = 0; i < 4; i++) got.push((await telegramTicket()).assigneeId);
    expect(new Set(got)).toEqual(new Set([li.id, wang.id]));
    for (let i = 1; i < got.length; i++) expect(got[i]).not.toBe(got[i - 1]);
    // Each agent's "Mine" count follows the feed.
    const liTicket = got.indexOf(li.id);
    expect(liTicket).toBeGreaterThanOrEqual(0);

    // Wang goes away (the header switch): the next tickets all go to Li.
    await pageWang.locator("#rd-away").click();
    await pageWang.locator("#rd-away[aria-checked=false]", { hasText: "Away" }).waitFor({ timeout: STEP_MS });
    for (let i = 0; i < 2; i++) expect((await telegramTicket()).assigneeId).toBe(li.id);
    await pageWang.locator("#rd-away").click();
    await pageWang.locator("#rd-away[aria-checked=true]", { hasText: "Available" }).waitFor({ timeout: STEP_MS });
    expect((await telegramTicket()).assigneeId).toBe(wang.id);
    expect(pageErrors).toEqual([]);
  });

  it("Li types: Wang's compose box warns; Wang's Send asks first; a reply Li sent since Wang's draft is asked about too", async () => {
    const li = await agent("Li");
    const wang = await agent("Wang");
    const t = await telegramTicket(false);
    const pageLi = await signIn(li.token, `/staff`);
    const pageWang = await signIn(wang.token, `/staff`);
    for (const p of [pageLi, pageWang]) {
      await p.locator("#rd-live[data-state=live]").waitFor({ timeout: 30_000 });
      await p.goto(`${worker.url}/staff#t=${t.id}`);
      await p.locator("#rd-reply").waitFor();
    }
    await pageLi.locator("#rd-live[data-state=live]").waitFor({ timeout: 30_000 });
    await pageWang.locator("#rd-live[data-state=live]").waitFor({ timeout: 30_000 });

    // Li types: Wang sees the warning at the compose box (a polite status).
    await pageLi.locator("#rd-reply").click();
    await pageLi.keyboard.type("Checking the deposit on chain");
    const warning = pageWang.locator("#rd-collision[role=status][aria-live=polite]");
    await warning.filter({ hasText: "Li is typing a reply…" }).waitFor({ timeout: STEP_MS });
    await shot(pageWang, "staff-assign-warning");

    // Wang sends while Li still types: asked first; Cancel sends nothing.
    await pageLi.keyboard.type(", one moment");
    await pageWang.locator("#rd-reply").fill("We are looking into it.");
    await pageWang.locator("#rd-send").click();
    const confirm = pageWang.locator("#rd-collision-confirm[role=alertdialog]");
    await confirm
      .filter({ hasText: "Li is typing a reply on this ticket — send anyway?" })
      .waitFor({ timeout: STEP_MS });
    await pageWang.locator("#rd-send-cancel").click();
    await confirm.waitFor({ state: "detached" });
    expect(await replies(t.id)).toEqual([]);
    expect(await pageWang.locator("#rd-reply").inputValue()).toBe("We are looking into it.");
    // Again, and "Send anyway": the reply goes.
    await pageLi.keyboard.type(".");
    await pageWang.locator("#rd-send").click();
    await confirm.waitFor({ timeout: STEP_MS });
    await pageWang.locator("#rd-send-anyway").click();
    await eventually(
      async () => ((await replies(t.id)).includes("We are looking into it.") ? true : undefined),
      "Wang's reply",
    );

    // Li sends: Li's typing ends for Wang; Wang had begun a new draft before, so Wang's Send asks about Li's reply.
    await pageWang.locator("#rd-reply").fill("Your deposit has 3 confirmations.");
    // Li's thread has Wang's reply (the feed brought it): that is what Li's Send is asked about.
    await pageLi.locator("#rd-thread", { hasText: "We are looking into it." }).waitFor({ timeout: STEP_MS });
    await pageLi.locator("#rd-send").click();
    await pageLi.locator("#rd-send-anyway").click(); // Wang's reply came after Li's draft began: Li is asked too.
    await warning.filter({ hasText: /Li replied \d+ s ago/ }).waitFor({ timeout: STEP_MS });
    await pageWang.locator("#rd-send").click();
    await confirm.filter({ hasText: /Li replied \d+ s ago — send anyway\?/ }).waitFor({ timeout: STEP_MS });
    await pageWang.locator("#rd-send-anyway").click();
    await eventually(
      async () => ((await replies(t.id)).includes("Your deposit has 3 confirmations.") ? true : undefined),
      "Wang's second reply",
    );
    expect(await replies(t.id)).toHaveLength(3);
    // Once sent, nothing is left to warn about.
    await eventually(async () => ((await warning.textContent()) === "" ? true : undefined), "the warning cleared");

    // In Chinese, the same warning.
    await pageWang.goto(`${worker.url}/staff?lang=zh#t=${t.id}`);
    await pageWang.locator("#rd-live[data-state=live]").waitFor({ timeout: 30_000 });
    await pageLi.locator("#rd-reply").click();
    await pageLi.keyboard.type("再确认一下");
    await warning.filter({ hasText: "Li 正在输入回复…" }).waitFor({ timeout: STEP_MS });
    await shot(pageWang, "staff-assign-warning-zh", [1280]);
    expect(pageErrors).toEqual([]);
    expect(fake).toBeDefined();
  });
});
