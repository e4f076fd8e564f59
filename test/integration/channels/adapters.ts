/** Channel adapters as the queue consumer builds them, and a plain run of what one prepares. */
import { env as testEnv } from "cloudflare:workers";
import { createChannels } from "../../../src/channels";
import type { ChannelAdapter, DeliveryReceipt, OutboundMessage } from "../../../src/core/channel";
import { PermanentError } from "../../../src/core/errors";
import type { ChannelName } from "../../../src/core/inbound";
import { type Env, loadConfig } from "../../../src/env";

/** The `name` adapter for this env's settings (src/channels.ts, as a delivery batch builds it). */
export function channelOf(name: ChannelName, e: Env = testEnv as Env): ChannelAdapter {
  const adapter = createChannels(loadConfig(e), e)[name];
  if (!adapter) throw new Error(`no ${name} adapter`);
  return adapter;
}

/**
 * Prepares `msg` on the `name` channel and runs every step in order, without the pipeline's outbox
 * (no resume, no sandbox): the adapter's own behaviour against the fake provider. The receipt is
 * the first step's id, as the pipeline records it.
 */
export async function deliverVia(
  name: ChannelName,
  msg: OutboundMessage,
  e: Env = testEnv as Env,
): Promise<DeliveryReceipt> {
  const steps = await channelOf(name, e).prepare(msg, {
    async readAttachment(r2Key) {
      const object = await e.ATTACHMENTS.get(r2Key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
  });
  if (!steps.length) throw new PermanentError("Nothing to send: the message is empty");
  const ids: string[] = [];
  for (const step of steps) ids.push(await step());
  return { providerMessageId: ids[0] as string };
}
