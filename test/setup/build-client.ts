// Global setup: the browser code is built into the static assets (dist/client) before workerd
// starts, as wrangler's [build] does for `wrangler dev`, so tests see the current script.
// @ts-expect-error: a plain ES module script with no type declarations
import { buildClient } from "../../scripts/build-client.mjs";

export default async function setup(): Promise<void> {
  await buildClient({ quiet: true });
}
