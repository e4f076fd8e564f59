// Notifications and @mentions in real Chromium against wrangler dev: two agents in two browser contexts (the
// notification permission granted, `window.Notification` recorded by an init script). A mentions B in a note with
// the composer's autocomplete; B's tab notifies and marks the ticket; a customer reply on B's ticket notifies B, not A.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import { eventually, printOutputOnFailure, type RunningWorker, startTelegramWorker } from "./wrangler";

interface Recorded {
  title: string;
  body: string;
  tag: string;
}
declare const window: {
  rdNotes: Recorded[];
  rdNoteClick(i: number): void;
  Notification: unknown;
};
declare const location: { hash: string };

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
const TOKEN = "555000333:E2E-fake-telegram-token";
const SECRET = "e2e-staff-notify-webhook-secret";
const STEP_MS = 8_000;

/** Replaces the browser's Notification with a recorder (a headless browser shows nothing anyway). */
const RECORD_NOTIFICATIONS = `
  window.rdNotes = [];
  const made = [];
  window.rdNoteClick = (i) => made[i] && made[i].onclick && made[i].onclick();
  window.Notification = class {
    static get permission() { return "granted"; }
    static requestPermission() { return Promise.resolve("granted"); }
    constructor(title, opts) {
      this.onclick = null;
      window.rdNotes.push({ title, body: (opts && opts.body) || "", tag: (opts && opts.tag) || "" });
      made.push(this);
    }
    close() {}
  };
`;

let fake: FakeTelegram;
let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

interface Agent {
  id: string;
  name: string;
  token: string;
}

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${worker.url}/api/staff${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${worker.bootstrapToken}`, "Content-Type": "application/json", ...init.headers },
  });
}

async function createAgent(name: string): Promise<Agent> {
  const res = await admin("/users", { method: "POST", body: JSON.stringify({ name, role: "agent" }) });
  expect(res.status).toBe(201);
  const { user } = (await res.json()) as { user: { id: string } };
  const tok = await admin(`/users/${user.id}/tokens`, { method: "POST", body: JSON.stringify({ name: "e2e" }) });
  const { token } = (await tok.json()) as { token: string };
  return { id: user.id, name, token };
}

let updateId = 700_000;
async function customerWrites(chatId: number, firstName: string, text: string): Promise<void> {
  const res = await fetch(`${worker.url}/webhooks/telegram`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
    body: JSON.stringify({
      update_id: ++updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private", first_name: firstName },
        from: { id: chatId, is_bot: false, first_name: firstName, language_code: "en" },
        text,
      },
    }),
  });
  expect(res.status).toBe(200);
}

async function signIn(agent: Agent): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  contexts.push(context);
  await context.grantPermissions(["notifications"], { origin: worker.url });
  await context.addInitScript(RECORD_NOTIFICATIONS);
  const page = await context.newPage();
  page.on("pageerror", (err) => pageErrors.push(`[${agent.name}] ${err.message}`));
  await page.goto(`${worker.url}/staff`);
  await page.locator("input[name=token]").fill(agent.token);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(`${worker.url}/staff`);
  await page.locator("#rd-live[data-state=live]").waitFor();
  return page;
}

/** Turns on desktop notifications for mentions and customer replies through the header's dialog. */
async function enableNotifications(page: Page): Promise<void> {
  await page.locator("#rd-notify-open").click();
  const dialog = page.getByRole("dialog", { name: "Notifications" });
  await dialog.waitFor();
  await dialog.getByRole("checkbox", { name: "@mentions of me in notes: Desktop" }).check();
  await dialog.getByRole("checkbox", { name: "Customer replies on my tickets: Desktop" }).check();
  await dialog.getByRole("checkbox", { name: "Customer replies on my tickets: Sound" }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "hidden" });
}

const notes = (page: Page) => page.evaluate(() => window.rdNotes);
const row = (page: Page, id: string) => page.locator(`#rd-tickets li[data-id="${id}"]`);
const shot = (page: Page, name: string) => page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`) });

describe.runIf(haveChromium)("notifications and mentions in Chromium", () => {
  let a: Agent;
  let b: Agent;
  let pageA: Page;
  let pageB: Page;
  let ticket: { id: string; number: string };
  const chat = 8_200_000_000 + Math.floor(Math.random() * 1e6);
  const customer = `Zhao${Math.floor(Math.random() * 1000)}`;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ fake, worker } = await startTelegramWorker({ token: TOKEN, secret: SECRET }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    a = await createAgent("Li Na");
    b = await createAgent("王芳");
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await worker?.stop();
    await fake?.close();
  });
  printOutputOnFailure(() => worker);

  it("A mentions B with the autocomplete; only B's tab notifies, and marks the ticket", async () => {
    const marker = crypto.randomUUID().slice(0, 8);
    await customerWrites(chat, customer, `Deposit missing ${marker}`);
    ticket = await eventually(async () => {
      const res = await admin(`/tickets?q=${marker}`);
      return ((await res.json()) as { tickets: Array<{ id: string; number: string }> }).tickets[0];
    }, "the ticket");
    expect(
      (await admin(`/tickets/${ticket.id}`, { method: "PATCH", body: JSON.stringify({ assigneeId: b.id }) })).status,
    ).toBe(200);

    pageA = await signIn(a);
    pageB = await signIn(b);
    await enableNotifications(pageA);
    await enableNotifications(pageB);
    // Nothing was asked or shown on load, and the settings are on the server now.
    const saved = await pageB.evaluate(async () => (await fetch("/api/staff/me/notifications")).json());
    expect(saved).toMatchObject({ settings: { desktop: { mention: true, customer_reply: true, new_ticket: false } } });
    await shot(pageB, "notify-settings-1280");

    await row(pageA, ticket.id).click();
    await pageA.locator("#rd-tab-note").click();
    const box = pageA.locator("#rd-note");
    await box.pressSequentially("@王");
    const option = pageA.getByRole("option", { name: "王芳" });
    await option.waitFor({ timeout: STEP_MS });
    await shot(pageA, "notify-mention-autocomplete-1280");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("@王芳 ");
    await box.pressSequentially("please call the customer back");
    await box.press("Control+Enter");
    await pageA.locator(".thread").getByText("please call the customer back").waitFor({ timeout: STEP_MS });

    await pageB.waitForFunction(() => window.rdNotes.some((n) => n.title.includes("mentioned you")), null, {
      timeout: STEP_MS,
    });
    const mention = (await notes(pageB)).find((n) => n.title.includes("mentioned you"));
    expect(mention?.title).toBe(`Li Na mentioned you on ${ticket.number}`);
    expect(mention?.body).toContain("please call the customer back");
    await row(pageB, ticket.id).locator(".mention-mark").waitFor({ timeout: STEP_MS });
    // A wrote the note: A's tab told A nothing.
    expect((await notes(pageA)).filter((n) => n.title.includes("mentioned"))).toEqual([]);
    await shot(pageB, "notify-mentioned-1280");
  });

  it("a customer reply on B's ticket notifies B (a click opens it) and not A; B's list and views show it unread", async () => {
    const text = `Any news? ${crypto.randomUUID().slice(0, 6)}`;
    await customerWrites(chat, customer, text);
    await pageB.waitForFunction(() => window.rdNotes.some((n) => n.title.includes("replied on")), null, {
      timeout: STEP_MS,
    });
    const reply = (await notes(pageB)).find((n) => n.title.includes("replied on"));
    expect(reply).toMatchObject({ title: `${customer} replied on ${ticket.number}`, body: text });
    await row(pageB, ticket.id).and(pageB.locator(".unread")).waitFor({ timeout: STEP_MS });
    await pageB.locator('#rd-views [data-view="mine"] .unread-count').waitFor({ timeout: STEP_MS });
    expect(await pageB.locator('#rd-views [data-view="mine"] .unread-count').textContent()).toBe("1");

    // A has the ticket open: the message arrives in A's thread, and A was not notified of it.
    await pageA.locator(".thread").getByText(text).waitFor({ timeout: STEP_MS });
    expect((await notes(pageA)).filter((n) => n.title.includes("replied"))).toEqual([]);

    const index = (await notes(pageB)).findIndex((n) => n.title.includes("replied on"));
    await pageB.evaluate((i) => window.rdNoteClick(i), index);
    await pageB.waitForFunction((id) => location.hash === `#t=${id}`, ticket.id, { timeout: STEP_MS });
    await row(pageB, ticket.id).locator(".mention-mark").waitFor({ state: "detached", timeout: STEP_MS });
    await pageB.locator('#rd-views [data-view="mine"] .unread-count').waitFor({ state: "detached", timeout: STEP_MS });

    await pageB.setViewportSize({ width: 390, height: 844 });
    await shot(pageB, "notify-ticket-390");
    await pageB.locator("#rd-notify-open").click();
    await pageB.getByRole("dialog", { name: "Notifications" }).waitFor();
    await shot(pageB, "notify-settings-390");
    expect(pageErrors).toEqual([]);
  });
});
