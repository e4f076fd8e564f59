// The email loop over real HTTP: a raw message to wrangler dev's local Email Routing endpoint
// (/cdn-cgi/handler/email runs the Worker's email()) -> ticket -> acknowledgement at the fake
// Mailgun on 127.0.0.1, whose headers thread -> the customer's reply joins the ticket.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message, Ticket } from "../../src/core/ticket";
import { type FakeMailgun, startFakeMailgun } from "../fakes/email-mailgun";
import { eventually, printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

/** A ticket with its messages, as the staff API answers it. */
interface TicketView {
  ticket: Ticket;
  messages: Message[];
}

const KEY = "key-e2e-relaydesk-mailgun";
const SUPPORT = "support@relaydesk.test";
const FIXTURES = resolve(import.meta.dirname, "../fixtures/email");
const OUR_FIXTURE_ID = "<rd.msg_fixture0001@relaydesk.test>";

let fake: FakeMailgun;
let worker: RunningWorker;

beforeAll(async () => {
  fake = await startFakeMailgun({ apiKey: KEY });
  worker = await startWrangler({
    vars: { SUPPORT_EMAIL: SUPPORT, EMAIL_SENDER: "mailgun", EMAIL_API_ROOT: fake.url, MAILGUN_API_KEY: KEY },
  });
});
afterAll(async () => {
  await worker?.stop();
  await fake?.close();
});
printOutputOnFailure(() => worker);

function staff(path: string) {
  return fetch(`${worker.url}/api/staff${path}`, { headers: { Authorization: `Bearer ${worker.bootstrapToken}` } });
}

/**
 * Sends a raw message the way `wrangler dev` documents it: POST /cdn-cgi/handler/email?from=&to=.
 * `wrangler dev` stamps no SPF/DKIM/DMARC verdicts, so a sender's mail is stamped here the way
 * Email Routing does in production (`Authentication-Results: mx.cloudflare.net; ...`) unless `stamp` is false.
 */
function sendRaw(raw: string, from: string, to = SUPPORT, stamp = true) {
  const q = new URLSearchParams({ from, to });
  const domain = from.split("@")[1];
  const verdicts = `Authentication-Results: mx.cloudflare.net;\r\n\tdkim=pass header.d=${domain};\r\n\tdmarc=pass header.from=${domain};\r\n\tspf=pass smtp.mailfrom=${from}\r\n`;
  return fetch(`${worker.url}/cdn-cgi/handler/email?${q}`, { method: "POST", body: stamp ? verdicts + raw : raw });
}

function header(mime: string, name: string): string | null {
  const head = mime.slice(0, mime.search(/\r?\n\r?\n/));
  const m = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head);
  return m?.[1] ? m[1].replace(/\r?\n[ \t]+/g, " ").trim() : null;
}

describe("email on wrangler dev", () => {
  it("raw email -> ticket -> threaded acknowledgement -> the reply joins the ticket", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const customer = `wang.${tag}@foxmail.test`;
    const messageId = `<e2e-${tag}@foxmail.test>`;
    const raw = readFileSync(`${FIXTURES}/gbk-foxmail.eml`, "latin1")
      .replace(/^Message-ID: .*$/m, `Message-ID: ${messageId}`)
      .replace("xiaoming.wang@foxmail.test", customer);
    const res = await sendRaw(raw, customer);
    expect(res.status).toBeLessThan(300);

    const ack = await eventually(async () => fake.sent(customer)[0], "the acknowledgement at the fake Mailgun", 30_000);
    expect(ack.domain).toBe("relaydesk.test");
    expect(header(ack.mime, "In-Reply-To")).toBe(messageId);
    expect(header(ack.mime, "References")).toBe(messageId);
    const replyTo = header(ack.mime, "Reply-To") ?? "";
    expect(replyTo).toMatch(/^<support\+[a-z0-9]{24}@relaydesk\.test>$/);
    const ourId = header(ack.mime, "Message-ID") as string;
    expect(ourId).toMatch(/^<rd\.msg_[a-z0-9]+@relaydesk\.test>$/);

    const found = await eventually(async () => {
      const list = (await (await staff("/tickets?channel=email")).json()) as { tickets: Array<{ id: string }> };
      for (const t of list.tickets) {
        const view = (await (await staff(`/tickets/${t.id}`)).json()) as TicketView;
        if (view.messages.some((m) => m.direction === "in" && m.body.includes("我的提现三个小时了还没到账"))) {
          const ackMsg = view.messages.find((m) => m.author === "bot");
          if (ackMsg?.delivery?.status === "sent") return view;
        }
      }
      return undefined;
    }, "the ticket with its sent acknowledgement");
    expect(found.ticket.subject).toBe("提现三小时未到账");
    const subject = header(ack.mime, "Subject") ?? "";
    const b64 = /=\?utf-8\?B\?([^?]+)\?=/i.exec(subject)?.[1] ?? "";
    expect(Buffer.from(b64, "base64").toString("utf8")).toBe(`Re: [${found.ticket.number}] 提现三小时未到账`);

    // The customer's Gmail answers our acknowledgement: it joins the same ticket, quote stripped.
    const reply = readFileSync(`${FIXTURES}/gmail-reply.eml`, "latin1")
      .split(OUR_FIXTURE_ID)
      .join(ourId)
      .replace(/^Message-ID: .*$/m, `Message-ID: <e2e-reply-${tag}@mail.gmail.test>`)
      .replace("bob.lee@gmail.test", customer)
      .replace("support+TOKENPLACEHOLDER@relaydesk.test", replyTo.replace(/[<>]/g, ""));
    expect((await sendRaw(reply, customer, replyTo.replace(/[<>]/g, ""))).status).toBeLessThan(300);
    const joined = await eventually(async () => {
      const view = (await (await staff(`/tickets/${found.ticket.id}`)).json()) as TicketView;
      return view.messages.filter((m) => m.direction === "in").length === 2 ? view : undefined;
    }, "the reply on the same ticket");
    expect(joined.messages.filter((m) => m.direction === "in")[1]?.body).toBe(
      "Thanks, here is the screenshot you asked for. The withdrawal is still pending.",
    );
  });

  it("a seed phrase by email: the marker is stored and listed, the safety warning goes back by email", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const customer = `lee.${tag}@mail.test`;
    // A valid 12-word BIP-39 mnemonic (a published test vector).
    const phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    const raw = [
      `From: Lee <${customer}>`,
      `To: ${SUPPORT}`,
      `Subject: Wallet help ${tag}`,
      `Message-ID: <seed-${tag}@mail.test>`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      `An agent on Telegram asked me for my words: ${phrase}`,
      "",
    ].join("\r\n");
    // No verdicts at all (an unverified sender): still stored redacted and warned.
    expect((await sendRaw(raw, customer, SUPPORT, false)).status).toBeLessThan(300);

    const warning = await eventually(
      async () => {
        for (const m of fake.sent(customer)) {
          const text = (await PostalMime.parse(m.mime)).text ?? "";
          if (text.includes("compromised")) return { text, mime: m.mime };
        }
        return undefined;
      },
      "the safety warning at the fake Mailgun",
      30_000,
    );
    expect(warning.text).not.toContain("sausage");
    expect(warning.mime).not.toContain("sausage");
    const list = (await (await staff(`/tickets?channel=email&q=${tag}`)).json()) as { tickets: Array<{ id: string }> };
    expect(list.tickets).toHaveLength(1);
    const detail = await (await staff(`/tickets/${list.tickets[0]?.id}`)).text();
    expect(detail).toContain("[redacted: seed phrase]");
    expect(detail).not.toContain("sausage");
    expect(worker.output()).not.toContain("sausage");
  });
});
