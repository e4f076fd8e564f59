/**
 * Where the browser code is: scripts/build-client.mjs builds it into the Worker's static assets
 * under content-hashed names and writes a manifest beside it; a page asks the manifest (through
 * the ASSETS binding, once per isolate) which file is current. Shared by the staff pages, the chat
 * widget and the customer's ticket page.
 */
import type { Env } from "../env";

/** The built browser files, by the name the manifest gives them. */
export type ClientAsset = "inbox.js" | "admin.js" | "widget.js" | "chat.js" | "ticket-live.js";
type Manifest = Partial<Record<ClientAsset, string>>;

const MANIFEST_PATH = "/staff/assets/manifest.json";
let manifest: Promise<Manifest> | null = null;

async function loadManifest(env: Env): Promise<Manifest> {
  // The host is never looked at: ASSETS serves by path.
  const res = await env.ASSETS.fetch(new Request(`https://assets.invalid${MANIFEST_PATH}`));
  if (!res.ok) throw new Error(`${MANIFEST_PATH}: ${res.status} (build the client: node scripts/build-client.mjs)`);
  return (await res.json()) as Manifest;
}

/** The URL path of a built browser file, like `/staff/assets/inbox-3KQ2VZ7M.js`. */
export async function clientAssetUrl(env: Env, name: ClientAsset): Promise<string> {
  manifest ??= loadManifest(env).catch((err: unknown) => {
    manifest = null; // the next page view tries again
    throw err;
  });
  const url = (await manifest)[name];
  if (!url) throw new Error(`${MANIFEST_PATH} names no ${name}`);
  return url;
}
