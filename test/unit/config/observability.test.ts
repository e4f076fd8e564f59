/**
 * Production logging as wrangler reads wrangler.toml: Workers Logs keeps the Worker's own (redacted) console lines,
 * but not invocation logs, whose request URLs would carry customers' /t/<token> links.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

describe("wrangler.toml observability", () => {
  it("keeps console logs and turns invocation logs (request URLs) off", () => {
    const config = unstable_readConfig({ config: resolve(import.meta.dirname, "../../../wrangler.toml") });
    expect(config.observability?.enabled).toBe(true);
    expect(config.observability?.logs?.invocation_logs).toBe(false);
  });
});
