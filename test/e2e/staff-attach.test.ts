// Attachments in the staff inbox, in real Chromium against wrangler dev and the fake Telegram Bot API:
// an agent attaches an image (file picker) and a PDF, pastes a screenshot and removes it again, sends;
// the thread previews the image and the PDF's first page from our origin, and the customer's chat
// receives the very bytes through sendPhoto / sendDocument. Screenshots at 1280 and 390 px.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { deflateSync } from "node:zlib";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../fakes/fake-server";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import { eventually, printOutputOnFailure, type RunningWorker, startTelegramWorker } from "./wrangler";

// Browser globals the page-side callbacks touch (the project compiles without the DOM lib).
declare const document: {
  querySelector(selector: string): { naturalWidth?: number; complete?: boolean } | null;
  getElementById(id: string): { dispatchEvent(ev: unknown): boolean } | null;
};
declare const DataTransfer: new () => { items: { add(f: unknown): void } };
declare const ClipboardEvent: new (type: string, init: unknown) => unknown;
declare const File: new (parts: unknown[], name: string, init: { type: string }) => unknown;

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
const TOKEN = "555000333:E2E-attach-telegram-token";
const SECRET = "e2e-staff-attach-webhook-secret";

/** A real PNG (w×h, one random colour with a stripe), so Chromium decodes and shows it. */
function pngImage(w: number, h: number): Buffer {
  const [r, g, b] = crypto.getRandomValues(new Uint8Array(3));
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const at = y * (w * 3 + 1) + 1 + x * 3;
      const stripe = Math.abs(x - y) < 4;
      raw[at] = stripe ? 255 : (r ?? 0);
      raw[at + 1] = stripe ? 255 : (g ?? 0);
      raw[at + 2] = stripe ? 255 : (b ?? 0);
    }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with a line of text and a correct xref table. */
function pdfDocument(text: string): Buffer {
  const stream = `BT /F1 28 Tf 40 700 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

let fake: FakeTelegram;
let worker: RunningWorker;
let browser: Browser;
const pageErrors: string[] = [];

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${worker.url}/api/staff${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${worker.bootstrapToken}`, "Content-Type": "application/json", ...init.headers },
  });
}

describe.runIf(haveChromium)("attachments in the staff inbox (Chromium)", () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ fake, worker } = await startTelegramWorker({ token: TOKEN, secret: SECRET }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await fake?.close();
  });
  printOutputOnFailure(() => worker);

  it("an agent attaches an image and a PDF, sends, and the thread previews both", { timeout: 120_000 }, async () => {
    const created = await admin("/users", { method: "POST", body: JSON.stringify({ name: "Mei", role: "agent" }) });
    const { user } = (await created.json()) as { user: { id: string } };
    const tok = await admin(`/users/${user.id}/tokens`, { method: "POST", body: JSON.stringify({ name: "e2e" }) });
    const { token } = (await tok.json()) as { token: string };

    const chatId = 8_200_000_000 + Math.floor(Math.random() * 1e6);
    const text = `Withdrawal stuck ${crypto.randomUUID().slice(0, 8)}`;
    const hook = await fetch(`${worker.url}/webhooks/telegram`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: JSON.stringify({
        update_id: 900_001,
        message: {
          message_id: 77,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: "private", first_name: "Ana" },
          from: { id: chatId, is_bot: false, first_name: "Ana", language_code: "en" },
          text,
        },
      }),
    });
    expect(hook.status).toBe(200);
    const ticket = await eventually(async () => {
      const res = await admin(`/tickets?q=${encodeURIComponent(text)}`);
      return ((await res.json()) as { tickets: Array<{ id: string }> }).tickets[0];
    }, "the customer's ticket");

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) pageErrors.push(msg.text());
    });
    await page.goto(`${worker.url}/staff`);
    await page.locator("input[name=token]").fill(token);
    await page.locator("form button[type=submit]").click();
    await page.waitForURL(`${worker.url}/staff`);
    await page.goto(`${worker.url}/staff#t=${ticket.id}`);
    await page.locator("#rd-thread .msg.dir-in", { hasText: text }).waitFor();

    const image = pngImage(320, 200);
    const pdf = pdfDocument(`Statement ${chatId}`);
    await page.locator("#rd-reply-file").setInputFiles([
      { name: "proof.png", mimeType: "image/png", buffer: image },
      { name: "statement.pdf", mimeType: "application/pdf", buffer: pdf },
    ]);
    await page.locator('#rd-reply-files li[data-upload^="att_"]', { hasText: "proof.png" }).waitFor();
    await page.locator('#rd-reply-files li[data-upload^="att_"]', { hasText: "statement.pdf" }).waitFor();

    // A pasted screenshot becomes a chip too; removing it leaves the two others.
    const pasted = pngImage(40, 40).toString("base64");
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "pasted.png", { type: "image/png" }));
      document
        .getElementById("rd-reply")
        ?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true }));
    }, pasted);
    const pastedChip = page.locator('#rd-reply-files li[data-upload^="att_"]', { hasText: "pasted.png" });
    await pastedChip.waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, "staff-attach-chips-1280.png") });
    await pastedChip.locator("button.chip-remove").click();
    await pastedChip.waitFor({ state: "detached" });
    expect(await page.locator("#rd-reply-files li").count()).toBe(2);

    await page.locator("#rd-reply").fill("Here is the proof and your statement.");
    await page.locator("#rd-send").click();
    const sentMsg = page.locator("#rd-thread .msg.dir-out", { hasText: "Here is the proof" });
    await sentMsg.waitFor();
    expect(await page.locator("#rd-reply-files li").count()).toBe(0);

    // The image: a decoded thumbnail from our own origin, linking to the full size in a new tab.
    const thumb = sentMsg.locator("img.thumb");
    await thumb.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector("#rd-thread .msg.dir-out img.thumb");
      return Boolean(img?.complete && (img.naturalWidth ?? 0) > 0);
    });
    const src = (await thumb.getAttribute("src")) ?? "";
    expect(src).toMatch(/^\/api\/staff\/attachments\/att_[a-z0-9]+\?preview=image$/);
    expect(await sentMsg.locator("a.thumb-link").getAttribute("target")).toBe("_blank");
    // The PDF: the browser's viewer on its first page, from our origin, served inline as a PDF.
    const frame = sentMsg.locator("iframe.pdf-thumb");
    await frame.waitFor();
    const frameSrc = (await frame.getAttribute("src")) ?? "";
    expect(frameSrc).toMatch(/^\/api\/staff\/attachments\/att_[a-z0-9]+\?preview=pdf#page=1&toolbar=0/);
    const served = await page.request.get(`${worker.url}${frameSrc.split("#")[0]}`);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("application/pdf");
    expect(served.headers()["x-content-type-options"]).toBe("nosniff");
    expect(Buffer.from(await served.body()).equals(pdf)).toBe(true);
    // Both also as chips with a download link.
    expect(await sentMsg.locator("a.file-chip[download]").count()).toBe(2);
    await page.screenshot({ path: resolve(ARTIFACTS, "staff-attach-thread-1280.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await sentMsg.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(ARTIFACTS, "staff-attach-thread-390.png") });

    // The customer's chat got the very bytes: the image as a photo, the PDF as a document.
    const photo = await eventually(
      async () => fake.calls({ chatId, method: "sendPhoto" }).find((c) => !c.failedWith),
      "sendPhoto",
    );
    expect(photo.files[0]?.sha256).toBe(sha256Hex(image));
    const doc = await eventually(
      async () => fake.calls({ chatId, method: "sendDocument" }).find((c) => !c.failedWith),
      "sendDocument",
    );
    expect(doc.files[0]?.sha256).toBe(sha256Hex(pdf));
    expect(fake.calls({ chatId, method: "sendPhoto" }).filter((c) => !c.failedWith)).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
