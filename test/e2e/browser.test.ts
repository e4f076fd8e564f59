// The web form in real Chromium with JavaScript turned off: it must work as a plain HTML form.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const inCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());
if (!haveChromium) {
  // CI installs it (.ci/run); on a developer machine without it, say so loudly rather than fail.
  if (inCi) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  console.warn(`skipping browser tests: ${CHROMIUM} not found (apt-get install -y chromium)`);
}

describe.runIf(haveChromium)("web form in Chromium without JavaScript", () => {
  let worker: RunningWorker;
  let browser: Browser;

  beforeAll(async () => {
    worker = await startWrangler();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });
  printOutputOnFailure(() => worker);

  it("submits the form and lands on the ticket page with the ticket number", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${worker.url}/support?lang=en`);
    for (const label of ["Email", "Topic", "Subject", "Describe your issue"]) {
      expect(await page.getByLabel(label).count(), `a field labelled "${label}"`).toBe(1);
    }
    await page.getByLabel("Email").fill("carol@example.com");
    await page.getByLabel("Topic").selectOption("withdrawal");
    await page.getByLabel("Subject").fill("Withdrawal pending for 6 hours");
    await page.getByLabel("Describe your issue").fill("My BTC withdrawal has been pending since this morning.");
    await page.screenshot({ path: "/tmp/relaydesk-support.png", fullPage: true });
    await page.getByRole("button", { name: "Send request" }).click();
    await page.waitForURL(/\/t\/[A-Za-z0-9_-]+\?created=1$/);
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).toMatch(/RD-\d{4,}/);
    expect(text).toContain("My BTC withdrawal has been pending since this morning.");
    await page.screenshot({ path: "/tmp/relaydesk-ticket.png", fullPage: true });
    await context.close();
  });

  it("the Chinese form is labelled for assistive technology and shows a friendly error page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${worker.url}/support`);
    expect(await page.locator("html").getAttribute("lang")).toMatch(/^zh/);
    for (const name of ["email", "subject", "description"]) {
      const id = await page.locator(`[name=${name}]`).getAttribute("id");
      expect(await page.locator(`label[for="${id}"]`).count(), name).toBe(1);
    }
    await page.screenshot({ path: "/tmp/relaydesk-support-zh.png", fullPage: true });
    // Bypass the browser's own `required` check to see the server's answer to an empty form.
    await page.locator("form").evaluate((f) => f.setAttribute("novalidate", ""));
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/tickets")),
      page.locator("button[type=submit]").click(),
    ]);
    expect(response.status()).toBe(400);
    const body = (await page.locator("body").textContent()) ?? "";
    expect(body).toMatch(/[\u4e00-\u9fff]/); // the error page speaks Chinese
    expect(await page.locator("a[href^='/support']").count()).toBeGreaterThan(0);
    await page.screenshot({ path: "/tmp/relaydesk-error-zh.png", fullPage: true });
    await context.close();
  });
});
