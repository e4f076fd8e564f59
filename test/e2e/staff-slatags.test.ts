// SLA countdowns and tags as an agent sees them, in real Chromium against wrangler dev: an overdue ticket's timer is
// red and says so in text, a fresh one is not, the ticket view shows its three clocks; choosing a tag in
// the filter (or clicking a row's tag chip) lists only the tickets carrying it, and the address keeps the choice.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import { eventually, printOutputOnFailure, type RunningWorker, startTelegramWorker } from "./wrangler";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const SHOTS = process.env.STAFF_SHOTS_DIR ?? resolve(import.meta.dirname, "../artifacts");
const TOKEN = "555000444:E2E-slatags-telegram-token";
const SECRET = "e2e-staff-slatags-webhook-secret";

// Page-side callbacks run in Chromium; the project compiles without the DOM lib.
declare function getComputedStyle(el: unknown): { color: string };
declare const document: {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
};

let fake: FakeTelegram;
let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${worker.url}/api/staff${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${worker.bootstrapToken}`, "Content-Type": "application/json", ...init.headers },
  });
}

let updateId = 900_000;
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

async function ticketOfChat(chatId: number): Promise<{ id: string; number: string }> {
  return eventually(async () => {
    const res = await admin("/tickets?channel=telegram&limit=100");
    const body = (await res.json()) as {
      tickets: Array<{ id: string; number: string; contact: { identities: Array<{ externalId: string }> } }>;
    };
    return body.tickets.find((t) => t.contact.identities.some((i) => i.externalId === String(chatId)));
  }, `the ticket of chat ${chatId}`);
}

async function signIn(width: number, lang?: "zh"): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: width <= 400 ? 844 : 800 },
    locale: "en-US",
    ...(width <= 400 ? { isMobile: true, hasTouch: true } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (err) => pageErrors.push(err.message));
  await page.goto(`${worker.url}/staff/login`);
  await page.locator("input[name=token]").fill(worker.bootstrapToken);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(`${worker.url}/staff`);
  if (lang) await page.goto(`${worker.url}/staff?lang=${lang}`);
  await page.locator("#rd-live[data-state=live]").waitFor();
  return page;
}

/** Filters whose chosen label does not fit their box (the check of staff-inbox-fit.test.ts), as page source. */
const FILTERS_CUT = `(() => {
  const ctx = document.createElement("canvas").getContext("2d");
  return [...document.querySelectorAll(".filters select")].filter((s) => {
    const cs = getComputedStyle(s);
    ctx.font = cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
    return ctx.measureText(s.selectedOptions[0].text).width + parseFloat(cs.paddingLeft) + 16 > s.clientWidth;
  }).map((s) => s.selectedOptions[0].text);
})()`;

const shot = (page: Page, name: string) => page.screenshot({ path: resolve(SHOTS, `${name}.png`) });
const row = (page: Page, id: string) => page.locator(`#rd-tickets li[data-id="${id}"]`);
const listedIds = (page: Page) =>
  page.evaluate(() => Array.from(document.querySelectorAll("#rd-tickets li"), (li) => li.getAttribute("data-id")));

describe.runIf(haveChromium)("staff inbox: SLA countdowns and tags", () => {
  const base = 8_400_000_000 + Math.floor(Math.random() * 1e6);
  const marker = crypto.randomUUID().slice(0, 6);
  const vip = `vip-${marker}`;
  const refund = `refund-${marker}`;
  let late: { id: string; number: string };
  let soon: { id: string; number: string };
  let tagged: { id: string; number: string };
  let refundT: { id: string; number: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ fake, worker } = await startTelegramWorker({ token: TOKEN, secret: SECRET }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    const who = ["Late", "Soon", "Vip", "Refund"];
    for (const [i, name] of who.entries()) await customerWrites(base + i, name, `Deposit ${i} not credited ${marker}`);
    late = await ticketOfChat(base);
    soon = await ticketOfChat(base + 1);
    tagged = await ticketOfChat(base + 2);
    refundT = await ticketOfChat(base + 3);
    for (const [t, tags] of [
      [tagged, [vip]],
      [refundT, [refund, vip]],
    ] as const) {
      const res = await admin(`/tickets/${t.id}`, { method: "PATCH", body: JSON.stringify({ tags }) });
      expect(res.status).toBe(200);
    }
    // Time passes: under a one-minute urgent policy the first ticket's first response becomes overdue, and the
    // SLA sweep (the cron, triggered as wrangler dev offers) sets its due time.
    const put = await admin("/sla-policies", {
      method: "PUT",
      body: JSON.stringify({
        priority: "urgent",
        channel: "telegram",
        firstResponseMinutes: 1,
        resolutionMinutes: 600,
      }),
    });
    expect(put.status).toBe(200);
    expect(
      (await admin(`/tickets/${late.id}`, { method: "PATCH", body: JSON.stringify({ priority: "urgent" }) })).status,
    ).toBe(200);
    const { ticket } = (await (await admin(`/tickets/${late.id}`)).json()) as { ticket: { createdAt: string } };
    const wait = Date.parse(ticket.createdAt) + 65_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const cron = await fetch(`${worker.url}/cdn-cgi/local/scheduled`);
    expect(cron.status).toBe(200);
  }, 300_000); // wrangler dev's start, and the minute the policy needs to run out
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await worker?.stop();
    await fake?.close();
  });
  printOutputOnFailure(() => worker);

  it("an overdue ticket's timer is red and says so; a fresh one is not; the ticket shows all three clocks", async () => {
    const page = await signIn(1280);
    const timer = row(page, late.id).locator(".sla-timer");
    await timer.waitFor();
    expect(await timer.getAttribute("data-urgency")).toBe("overdue");
    expect(await timer.locator(".sla-left").textContent()).toMatch(/^-\d+m$/);
    expect(await timer.textContent()).toContain("overdue"); // in text, not by colour alone
    expect(await timer.getAttribute("title")).toMatch(/^First response due /);
    const red = await timer.evaluate((el) => getComputedStyle(el).color);
    expect(red).toBe("rgb(165, 14, 14)");
    // A fresh ticket under the default policy: far from due, not red.
    const fresh = row(page, soon.id).locator(".sla-timer");
    expect(await fresh.getAttribute("data-urgency")).toBe("ok");
    expect(await fresh.locator(".sla-left").textContent()).toMatch(/^23h \d+m$/);
    await shot(page, "slatags-list-1280");

    await row(page, late.id).click();
    const clocks = page.locator("#rd-sla-timers .sla-item");
    await clocks.first().waitFor();
    expect(await clocks.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")))).toEqual([
      "first_response",
      "next_response",
      "resolution",
    ]);
    expect(await clocks.nth(0).textContent()).toMatch(/^First response -\dm/);
    expect(await clocks.nth(1).textContent()).toBe("Next response Not running");
    await shot(page, "slatags-ticket-1280");
    expect(pageErrors).toEqual([]);
  });

  it("choosing a tag lists only its tickets, keeps it in the address, and survives a reload", async () => {
    const page = await signIn(1280);
    await row(page, late.id).waitFor();
    const select = page.locator("#rd-filter-tag");
    await page.waitForFunction(
      (tag) => document.querySelectorAll(`#rd-filter-tag option[value="${tag}"]`).length === 1,
      vip,
    );
    await select.selectOption(vip);
    await page.waitForFunction(() => document.querySelectorAll("#rd-tickets li").length === 2);
    expect(new Set(await listedIds(page))).toEqual(new Set([tagged.id, refundT.id]));
    expect(new URL(page.url()).searchParams.get("tag")).toBe(vip);
    expect(await page.evaluate(FILTERS_CUT)).toEqual([]);
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll("#rd-tickets li").length === 2);
    expect(await select.inputValue()).toBe(vip);
    expect(new Set(await listedIds(page))).toEqual(new Set([tagged.id, refundT.id]));
    await select.selectOption("");
    await row(page, late.id).waitFor();
    expect(new URL(page.url()).searchParams.has("tag")).toBe(false);
  });

  it("clicking a row's tag chip filters by it (and does not open the ticket); it fits at 390 px", async () => {
    const page = await signIn(390);
    const chip = row(page, refundT.id).locator(`.tag-chip[data-tag="${refund}"]`);
    await row(page, refundT.id).waitFor();
    await shot(page, "slatags-list-390-all");
    await chip.waitFor();
    await chip.click();
    await page.waitForFunction(() => document.querySelectorAll("#rd-tickets li").length === 1);
    expect(await listedIds(page)).toEqual([refundT.id]);
    expect(await page.locator("#rd-filter-tag").inputValue()).toBe(refund);
    expect(new URL(page.url()).hash).toBe("");
    expect(await page.locator("#rd-filter-tag").isVisible()).toBe(true);
    const overflow = await page.evaluate("document.documentElement.scrollWidth - innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    await page.locator("#rd-filter-tag").selectOption("");
    await row(page, late.id).waitFor();
    expect(await page.evaluate(FILTERS_CUT)).toEqual([]);
    await shot(page, "slatags-list-390");
    await row(page, late.id).click();
    await page.locator("#rd-sla-timers").waitFor();
    await shot(page, "slatags-ticket-390");
    expect(pageErrors).toEqual([]);
  });
});
