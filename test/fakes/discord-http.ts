/** HTTP plumbing of the fake Discord API: JSON answers, and request bodies as Discord reads them (JSON or multipart). */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

/** A JSON body (or multipart `payload_json`) as received. */
export type RecordedBody = Record<string, unknown> | unknown[] | null;

/** Answers with a JSON body (once). */
export function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

/** The whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A JSON body, or a multipart one whose `payload_json` is the body and whose `files[n]` are recorded. */
export async function readPayload(req: IncomingMessage): Promise<{ body: RecordedBody; files: RecordedFile[] }> {
  const type = req.headers["content-type"] ?? "";
  const raw = await readBody(req);
  if (!raw.byteLength) return { body: null, files: [] };
  if (type.startsWith("application/json")) return { body: JSON.parse(raw.toString("utf8")), files: [] };
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "Content-Type": type } }).formData();
    const files: RecordedFile[] = [];
    let body: RecordedBody = null;
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") {
        if (field === "payload_json") body = JSON.parse(value);
      } else {
        files.push({ field, filename: value.name, contentType: value.type, size: value.size });
      }
    }
    return { body, files };
  }
  return { body: null, files: [] };
}
