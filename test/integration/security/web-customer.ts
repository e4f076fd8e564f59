/** A web-form customer for the attack tests: a ticket with a file of its own bytes, its `/t/` token and file id. */
import { expect } from "vitest";
import { PNG_1X1, postMultipart, uniqueIp } from "../channels/webform/builders";
import { randomAddress, randomBody } from "../channels/webform/claims-helpers";
import { staffTicket } from "../support";

export async function webCustomer(tag: string, bytes: Uint8Array = PNG_1X1) {
  const text = randomBody(tag);
  const res = await postMultipart(
    "/api/tickets",
    {
      email: randomAddress(),
      name: tag,
      category: "deposit",
      subject: randomBody(`${tag}s`),
      description: text,
      idempotencyKey: `k-${crypto.randomUUID()}`,
    },
    [{ name: `${tag}-${Math.floor(Math.random() * 1e6)}.png`, type: "image/png", data: bytes }],
    { headers: { Accept: "application/json" }, ip: uniqueIp() },
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as { ticket: { id: string }; link: string };
  const { messages } = await staffTicket(created.ticket.id);
  const attachmentId = messages.flatMap((m) => m.attachments)[0]?.id as string;
  return { id: created.ticket.id, token: created.link.slice(3), text, attachmentId, bytes };
}
