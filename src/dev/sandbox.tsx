/** @jsxImportSource hono/jsx */
/**
 * /dev/sandbox (development only): what every channel without credentials would have sent,
 * and a form to write in as a customer of any channel this build has.
 */
import { Hono } from "hono";
import * as z from "zod";
import { CLAIM_PREFIX } from "../core/email-claims";
import { NotFoundError } from "../core/errors";
import { type ChannelName, conversationKey } from "../core/inbound";
import { type AppEnv, isDevelopment } from "../env";
import { FORM_TEXT_MAX_BYTES, webhookBodyLimit } from "../http";
import { ingestInbound } from "../pipeline/ingest";
import { listSandboxSends } from "../store/sandbox";
import { securePage } from "../web/headers";
import { check } from "../web/validate";

const InboundForm = z.object({
  channel: z.string(),
  sender: z.string().trim().min(1).max(100),
  conversation: z.string().trim().max(100).optional(),
  text: z.string().trim().min(1).max(20_000),
});

const SANDBOX_CSS = `body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;margin:0;font:13px/1.4 ui-monospace,monospace}label{display:block;margin:.5rem 0 .2rem}
input,select,textarea{font:inherit;padding:.3rem;width:100%;box-sizing:border-box}button{margin-top:.7rem;padding:.4rem 1rem}`;

/** The channels a developer can write in as, in the order the form lists them. */
const names: ChannelName[] = ["webform", "telegram", "discord", "email"];

export function devRoutes() {
  const dev = new Hono<AppEnv>();

  // Outside development these routes do not exist at all.
  dev.use(async (c, next) => {
    if (!isDevelopment(c.get("config"))) throw new NotFoundError("Page");
    await next();
  });
  dev.use("/sandbox", securePage());
  dev.use("/sandbox/*", securePage());

  dev.get("/sandbox", async (c) => {
    const sends = await listSandboxSends(c.env.DB, { limit: 100 });
    if (c.req.query("format") === "json" || c.req.header("Accept")?.includes("application/json")) {
      return c.json({ channels: names, sends });
    }
    c.header("Cache-Control", "no-store");
    return c.render(
      <>
        <h1>Relaydesk dev sandbox</h1>
        <p>
          Outbound messages of channels without credentials land here instead of the outside service. The web form is at{" "}
          <a href="/support">/support</a>; staff use <code>/api/staff</code> with the bootstrap token from
          <code>.dev.vars</code>.
        </p>
        <h2>Write in as a customer</h2>
        <form method="post" action="/dev/sandbox/inbound">
          <label for="channel">Channel</label>
          <select id="channel" name="channel">
            {names.map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
          <label for="sender">Sender (user id or email on that channel)</label>
          <input id="sender" name="sender" required value="customer@example.com" />
          <label for="conversation">Conversation (same value = same conversation; empty = the sender's)</label>
          <input id="conversation" name="conversation" />
          <label for="text">Message</label>
          <textarea id="text" name="text" rows={4} required />
          <button type="submit">Send as customer</button>
        </form>
        <h2>Would have been sent ({sends.length})</h2>
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Channel</th>
              <th>To</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {sends.map((s) => (
              <tr>
                <td>{s.createdAt}</td>
                <td>{s.channel}</td>
                <td>{s.recipient}</td>
                <td>
                  <pre>{typeof s.payload.body === "string" ? s.payload.body : JSON.stringify(s.payload, null, 2)}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
      { lang: "en", title: "Relaydesk dev sandbox", css: SANDBOX_CSS },
    );
  });

  /** Writes in as a customer: the message goes through the same ingest as a real webhook. */
  dev.post("/sandbox/inbound", webhookBodyLimit(FORM_TEXT_MAX_BYTES), async (c) => {
    const isJson = c.req.header("Content-Type")?.startsWith("application/json");
    const form = check(InboundForm, isJson ? await c.req.json().catch(() => null) : await c.req.parseBody());
    const channel = names.find((n) => n === form.channel);
    if (!channel) throw new NotFoundError(`Channel ${form.channel}`);
    const result = await ingestInbound(
      { env: c.env, config: c.get("config"), waitUntil: (p) => c.executionCtx.waitUntil(p) },
      {
        channel,
        providerMessageId: `sandbox:${crypto.randomUUID()}`,
        conversationKey: conversationKey(channel, `sandbox-${form.conversation || form.sender}`),
        sender: {
          // A web-form sender is a claim (as on the real form): the typed address is never an identity.
          externalId: channel === "webform" ? `${CLAIM_PREFIX}${form.sender}` : form.sender,
          displayName: form.sender,
          email: form.sender.includes("@") ? form.sender : undefined,
        },
        text: form.text,
        attachments: [],
        sentAt: new Date(),
      },
    );
    if (isJson) return c.json({ result }, result.outcome === "duplicate" ? 200 : 201);
    return c.redirect("/dev/sandbox", 303);
  });

  return dev;
}
