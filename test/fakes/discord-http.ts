/** Request bodies as Discord reads them: JSON, or multipart with `payload_json` and `files[n]`. */
import type { IncomingMessage } from "node:http";
import { type RecordedFile, readBody, sha256Hex } from "./fake-server";

/** A JSON body (or multipart `payload_json`) as received. */
export type RecordedBody = Record<string, unknown> | unknown[] | null;

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
        const sha256 = sha256Hex(new Uint8Array(await value.arrayBuffer()));
        files.push({ field, filename: value.name, contentType: value.type, size: value.size, sha256 });
      }
    }
    return { body, files };
  }
  return { body: null, files: [] };
}
