/**
 * Imports TypeScript test helpers (the fake provider APIs) into a bench script: bundled on the
 * fly with esbuild (a wrangler dependency), since Node's type stripping does not resolve the
 * extensionless relative imports the TypeScript sources use. Only for helpers whose imports
 * are relative or `node:` builtins.
 */
import { join } from "node:path";
import { build } from "esbuild";

const ROOT = new URL("../", import.meta.url).pathname;

/** `await importTs("test/fakes/telegram-bot-api.ts")` -> the module's exports. */
export async function importTs(path) {
  const out = await build({
    entryPoints: [join(ROOT, path)],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "error",
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
}
