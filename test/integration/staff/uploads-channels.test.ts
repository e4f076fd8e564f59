/** A staff reply with files reaches Discord (a `files[n]` multipart message) and email (MIME attachments) with the very bytes. */
import { exports } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { afterAll, describe, expect, it } from "vitest";
import { relayMessage, snowflake } from "../channels/discord/builders";
import { fakeDiscord, postRelay, ticketIdsOf, waitFor } from "../channels/discord/harness";
import { FIXTURES, fakeMailgun, receive, ticketOf, variant, waitForMail } from "../channels/email/harness";
import { deliveryOf } from "../support";
import { BASE, BOOTSTRAP, call, settleDeliveries } from "./helpers";

afterAll(() => settleDeliveries());

const png = (n = 200) =>
  Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...crypto.getRandomValues(new Uint8Array(n))]);
const pdf = () => new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`);
async function sha256(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function replyWithFiles(
  ticketId: string,
  body: string,
  files: Array<{ name: string; type: string; data: Uint8Array }>,
) {
  const form = new FormData();
  for (const f of files) form.append("file", new File([f.data], f.name, { type: f.type }));
  const up = await exports.default.fetch(`${BASE}/api/staff/tickets/${ticketId}/uploads`, {
    method: "POST",
    headers: { Authorization: `Bearer ${BOOTSTRAP}` },
    body: form,
  });
  expect(up.status).toBe(201);
  const { uploads } = (await up.json()) as { uploads: Array<{ id: string }> };
  const res = await call("POST", `/api/staff/tickets/${ticketId}/replies`, {
    token: BOOTSTRAP,
    json: { body, attachmentIds: uploads.map((u) => u.id) },
  });
  expect(res.status).toBe(201);
  const { message } = (await res.json()) as { message: { id: string } };
  return (await deliveryOf(ticketId, message.id, (s) => s === "sent")).id;
}

describe("staff files through Discord and email", { timeout: 60_000 }, () => {
  it("Discord: the text, then one message with the files uploaded as files[n], each once", async () => {
    const userId = snowflake();
    await postRelay(relayMessage({ userId, content: `Card declined ${userId}` }));
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    const dm = await fakeDiscord.dmChannelOf(userId);
    const [image, doc] = [png(), pdf()];
    await replyWithFiles(ticketId as string, "Two files for you.", [
      { name: "screen.png", type: "image/png", data: image },
      { name: "terms.pdf", type: "application/pdf", data: doc },
    ]);
    const calls = await waitFor(async () => {
      const all = (await fakeDiscord.calls({ route: "createMessage", channelId: dm })).filter((c) => !c.failedWith);
      return all.some((c) => c.files.length) ? all : undefined;
    }, "the files message");
    const withFiles = calls.filter((c) => c.files.length);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]?.files).toEqual([
      expect.objectContaining({ filename: "screen.png", sha256: await sha256(image) }),
      expect.objectContaining({ filename: "terms.pdf", sha256: await sha256(doc) }),
    ]);
    expect(calls.filter((c) => c.body?.content === "Two files for you.")).toHaveLength(1);
  });

  it("email: the reply carries the files as MIME attachments with the same bytes", async () => {
    const first = variant(FIXTURES.gmail);
    await receive(first.raw, { from: first.from });
    const ticketId = await ticketOf(first.messageId);
    await waitForMail(first.from);
    const [image, doc] = [png(), pdf()];
    const messageId = await replyWithFiles(ticketId, "Statement attached.", [
      { name: "收据.png", type: "image/png", data: image },
      { name: "statement.pdf", type: "application/pdf", data: doc },
    ]);
    const mail = await waitForMail(first.from, (m) => m.mime.includes(`rd.${messageId}@`));
    const parsed = await PostalMime.parse(mail.mime);
    const files = parsed.attachments.map((a) => ({ name: a.filename, content: a.content }));
    expect(files.map((f) => f.name)).toEqual(["收据.png", "statement.pdf"]);
    expect(await sha256(files[0]?.content as ArrayBuffer)).toBe(await sha256(image));
    expect(await sha256(files[1]?.content as ArrayBuffer)).toBe(await sha256(doc));
    expect((await fakeMailgun.sent(first.from)).filter((m) => m.mime.includes(`rd.${messageId}@`))).toHaveLength(1);
  });
});
