/**
 * A secret that reaches storage off the usual path: inside an attached email whose body is
 * base64 or quoted-printable (or whose subject is encoded-words), kept as a file in R2, sent by
 * email (a forward), on the web form or on Telegram; in the CDN link of a Discord file named by it,
 * percent-encoded; after `/verify` on Telegram, whose answer
 * repeats it and is stored in the bot's outbox; in a live-chat visitor's signed name, kept with
 * their session. Phrases are random, REDACT_SEED=<seed> replays a run.
 */
import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { verifyHandle } from "../../../src/core/verify";
import { verifyAnswer, verifyReminder } from "../../../src/core/verify-texts";
import { wordsIn } from "../../support/phrases";
import { relayMessage, snowflake } from "../channels/discord/builders";
import { postRelay, ticketIdsOf } from "../channels/discord/harness";
import { receive, ticketOf } from "../channels/email/harness";
import { commandUpdate, documentUpdate, newChatId } from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { formPayload, postMultipart } from "../channels/webform/builders";
import { rand, verifiedSession } from "../channels/webform/chat-helpers";
import { expectSecretGone, inboundRows, leaked } from "./checks";
import { type CutPhrase, encodeBody, encodedWords, phrase, seeded, type TransferEncoding } from "./cut-cases";

const r = seeded("redaction encoded");
const NONE = new Set<string>();
const left = (text: string | null | undefined, p: CutPhrase) => leaked(text ?? "", p.words, NONE);

const VARIANTS = ["quoted-printable body", "base64 body", "encoded-word subject"] as const;
type Variant = (typeof VARIANTS)[number];

/** An email as a mail client attaches it (a forward as attachment): the phrase in its body or subject, encoded. */
function attachedEmail(p: CutPhrase, variant: Variant): string {
  const encoding: TransferEncoding = variant === "base64 body" ? "base64" : "quoted-printable";
  const inSubject = variant === "encoded-word subject";
  const subject = inSubject ? encodedWords(`verify ${p.text}`, r.pick(["B", "Q"] as const)) : "verify your wallet";
  const body = inSubject ? "Reply today." : `Reply to this email with your words:\n${p.text}\nThe support team`;
  return [
    "From: Support Team <agent@scam.test>",
    "To: <victim@customer.test>",
    `Subject: ${subject}`,
    `Message-ID: <${rand("fwd")}@scam.test>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    `Content-Transfer-Encoding: ${encoding}`,
    "",
    encodeBody(body, encoding),
    "",
  ].join("\r\n");
}

/** Runs of percent-escapes decoded (as UTF-8) where they decode. */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Every stored inbound file of the ticket, parsed as an email where it is one: none holds a word of the phrase. */
async function expectFilesClean(ticketId: string, p: CutPhrase, where: string): Promise<void> {
  const { results } = await env.DB.prepare(
    `SELECT r2_key FROM attachments WHERE message_id IN (SELECT id FROM messages WHERE ticket_id = ?1 AND direction = 'in')`,
  )
    .bind(ticketId)
    .all<{ r2_key: string }>();
  expect(results.length, where).toBeGreaterThan(0);
  for (const { r2_key } of results) {
    const bytes = new Uint8Array(await ((await env.ATTACHMENTS.get(r2_key))?.arrayBuffer() ?? new ArrayBuffer(0)));
    const parsed = await PostalMime.parse(bytes);
    const texts = [new TextDecoder().decode(bytes), parsed.subject ?? "", parsed.text ?? "", parsed.html ?? ""];
    expect(left(texts.join("\n"), p), `${where}: ${r2_key}`).toEqual([]);
  }
}

describe("a secret off the usual path (seed printed above)", { timeout: 90_000 }, () => {
  it("email: a forwarded email attached (message/rfc822) with the phrase encoded is not kept as it is", async () => {
    for (const variant of VARIANTS) {
      const p = phrase(r);
      const from = `fwd${r.int(1e9)}@customer.test`;
      const id = `<fwd.${r.int(1e9)}@customer.test>`;
      const raw = [
        `From: Chen Jie <${from}>`,
        "To: support@relaydesk.test",
        "Subject: Is this email from you?",
        `Message-ID: ${id}`,
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="mix"',
        "",
        "--mix",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "I got the attached email, is it really from you?",
        "--mix",
        'Content-Type: message/rfc822; name="verify.eml"',
        'Content-Disposition: attachment; filename="verify.eml"',
        "",
        attachedEmail(p, variant),
        "--mix--",
        "",
      ].join("\r\n");
      await receive(raw, { from });
      const ticketId = await ticketOf(id);
      await expectFilesClean(ticketId, p, `email, ${variant}`);
      await expectSecretGone(ticketId, p.words);
    }
  });

  it("web form and Telegram: a saved email with the phrase encoded is not kept as it is", async () => {
    for (const variant of VARIANTS) {
      const p = phrase(r);
      const data = new TextEncoder().encode(attachedEmail(p, variant));
      // The form takes text files: the email saved as one.
      const res = await postMultipart("/api/tickets", formPayload({ subject: "Is this email yours?" }), [
        { name: "verify.txt", type: "text/plain", data },
      ]);
      expect(res.status).toBe(201);
      const { ticket } = (await res.json()) as { ticket: { id: string } };
      await expectFilesClean(ticket.id, p, `web form, ${variant}`);

      const chatId = newChatId();
      const fileId = `doc-${crypto.randomUUID()}`;
      await fakeTelegram.addFile(fileId, data);
      const mimeType = r.pick(["message/rfc822", "application/octet-stream"]);
      await deliverUpdate(documentUpdate({ chatId, fileId, fileName: "verify.eml", mimeType }));
      const tg = await latestTicketOfChat(chatId);
      await expectFilesClean(tg.ticket.id, p, `Telegram, ${variant}`);
    }
  });

  it("Discord relay: a file named by a phrase, its CDN link holding the name percent-encoded", async () => {
    const p = phrase(r, ["zh-Hans", "zh-Hant"]); // English names stay readable when percent-encoded
    const userId = snowflake();
    const name = `${p.words.join(r.pick(["_", "-", " "]))}.png`;
    const url = `https://cdn.discordapp.com/attachments/${snowflake()}/${snowflake()}/${encodeURIComponent(name.replace(/ /g, "_"))}?ex=66a1b2c3&is=66a06143&hm=${r.int(1e9).toString(16)}&`;
    const res = await postRelay(
      relayMessage({
        userId,
        content: "screenshot of the error",
        attachments: [{ id: snowflake(), filename: name, url, size: 1234, contentType: "image/png" }],
      }),
    );
    expect(res.status).toBe(200);
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    await expectSecretGone(ticketId as string, p.words);
    // The stored text read as a browser reads the link: percent-escapes decoded.
    for (const row of await inboundRows(ticketId as string))
      expect(left(percentDecoded(row.body), p), row.body).toEqual([]);
  });

  it("Telegram: /verify with a phrase after a handle or in a link stores no word of it in the bot's answer", async () => {
    // What a scammer asks a victim to "verify": the answer repeats a handle's or a link's whole text.
    // The answer's own words (and the anti-scam line under it: "we never…") are no leak: no phrase draws them.
    const frame = wordsIn(
      [
        verifyAnswer("en", verifyHandle([], "@x")),
        verifyReminder("en"),
        "okx support binance help wallet team example restore phrase https",
      ].join(" "),
    );
    let p = phrase(r, ["en"]);
    while (p.words.some((w) => frame.has(w))) p = phrase(r, ["en"]);
    const chatId = newChatId();
    const query = r.chance(0.5)
      ? `@${r.pick(["okx_support", "binance_help", "wallet_team"])} ${p.text}`
      : `https://wallet-${r.int(1000)}.example/restore?phrase=${p.words.join("+")}`;
    await deliverUpdate(commandUpdate({ chatId, command: "verify", args: query }), { settled: true });
    const sent = await waitForSent(chatId, 1);
    const { results } = await env.DB.prepare("SELECT body FROM bot_messages WHERE conversation_key = ?1")
      .bind(`telegram:${chatId}`)
      .all<{ body: string }>();
    expect(results.length).toBeGreaterThan(0);
    for (const row of results) expect(left(row.body, p), row.body).toEqual([]);
    for (const call of sent) expect(left(String(call.params.text), p)).toEqual([]);
  });

  it("live chat: a signed visitor name holding a phrase is kept with the session redacted", async () => {
    let p = phrase(r);
    while (p.text.length > 100) p = phrase(r);
    const userId = rand("u");
    const session = await verifiedSession(userId, `${userId}@customer.test`, p.text);
    expect(left(session.visitor.name, p)).toEqual([]);
    const { results } = await env.DB.prepare("SELECT name FROM chat_sessions WHERE user_id = ?1")
      .bind(userId)
      .all<{ name: string | null }>();
    expect(results.length).toBe(1);
    for (const row of results) expect(left(row.name, p), row.name ?? "").toEqual([]);
  });
});
