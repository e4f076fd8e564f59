/**
 * What the staff e2e files share: finding and launching Chromium, the bootstrap admin's API calls,
 * agents with tokens, a customer writing through the Telegram webhook, browser contexts that are
 * closed at the end, page errors collected, and signing in through the real form.
 */
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import type { RunningWorker } from "./wrangler";

export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
export const inCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

/** In CI a missing Chromium is an error; elsewhere the browser tests are skipped with a warning. */
export function requireChromiumInCi(warn = true): void {
  if (haveChromium) return;
  if (inCi) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  if (warn) console.warn(`skipping browser tests: ${CHROMIUM} not found (apt-get install -y chromium)`);
}

/** Headless Chromium from /usr/bin (never a downloaded one). */
export function launchChromium(args = ["--disable-background-networking"]): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", ...args] });
}

/** A call to the staff API as the bootstrap admin. */
export function adminApi(worker: RunningWorker, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${worker.url}/api/staff${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${worker.bootstrapToken}`, "Content-Type": "application/json", ...init.headers },
  });
}

export interface Agent {
  id: string;
  name: string;
  token: string;
}

/** A staff member (an agent unless said) with an API token, made by the bootstrap admin. */
export async function createAgent(
  worker: RunningWorker,
  name: string,
  role: "agent" | "admin" = "agent",
): Promise<Agent> {
  const res = await adminApi(worker, "/users", { method: "POST", body: JSON.stringify({ name, role }) });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string } };
  const tok = await adminApi(worker, `/users/${user.id}/tokens`, {
    method: "POST",
    body: JSON.stringify({ name: "e2e" }),
  });
  if (tok.status !== 201) throw new Error(`token for ${name}: ${tok.status} ${await tok.text()}`);
  const { token } = (await tok.json()) as { token: string };
  return { id: user.id, name, token };
}

/**
 * A customer writing a private Telegram message through the webhook (with its secret); update ids
 * count up from `firstUpdateId`. Resolves to the time the webhook answered 200.
 */
export function telegramCustomer(worker: () => RunningWorker, secret: string, firstUpdateId: number) {
  let updateId = firstUpdateId;
  return async (chatId: number, firstName: string, text: string, lang = "en"): Promise<number> => {
    const res = await fetch(`${worker().url}/webhooks/telegram`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
      body: JSON.stringify({
        update_id: ++updateId,
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: "private", first_name: firstName },
          from: { id: chatId, is_bot: false, first_name: firstName, language_code: lang },
          text,
        },
      }),
    });
    if (res.status !== 200) throw new Error(`telegram webhook: ${res.status} ${await res.text()}`);
    return Date.now();
  };
}

/**
 * Script errors and console errors of a page, tagged with who it is. Not errors: "Failed to load
 * resource" (a 4xx on purpose) and Chromium's own net::ERR_INTERNET_DISCONNECTED notice, which it
 * prints only while a test has put the browser offline (`context.setOffline(true)`) and a socket
 * tries to reconnect.
 */
export function collectPageErrors(page: Page, errors: string[], who?: string): void {
  const tag = who ? `[${who}] ` : "";
  page.on("pageerror", (err) => errors.push(`${tag}${err.message}`));
  page.on("console", (msg) => {
    const text = msg.text();
    if (
      msg.type() === "error" &&
      !text.startsWith("Failed to load resource") &&
      !text.includes("net::ERR_INTERNET_DISCONNECTED")
    )
      errors.push(`${tag}${who ? "console: " : ""}${msg.text()}`);
  });
}

/**
 * Opens `next` signed out, is sent to the sign-in form, signs in with `token` (after `beforeSubmit`,
 * e.g. a screenshot of the form) and lands on `next`.
 */
export async function signInThroughForm(
  page: Page,
  worker: RunningWorker,
  token: string,
  opts: { next?: string; beforeSubmit?: (page: Page) => Promise<unknown> } = {},
): Promise<Page> {
  const next = opts.next ?? "/staff";
  await page.goto(`${worker.url}${next}`);
  await page.waitForURL(`${worker.url}/staff/login?next=${encodeURIComponent(next)}`);
  await opts.beforeSubmit?.(page);
  await page.locator("input[name=token]").fill(token);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(`${worker.url}${next}`);
  return page;
}

/** Closes what a file opened: its contexts, the browser, the worker and the fake Telegram. */
export async function closeAll(parts: {
  contexts?: BrowserContext[];
  browser?: Browser;
  worker?: RunningWorker;
  fake?: FakeTelegram;
}): Promise<void> {
  for (const c of parts.contexts ?? []) await c.close().catch(() => {});
  await parts.browser?.close();
  await parts.worker?.stop();
  await parts.fake?.close();
}
