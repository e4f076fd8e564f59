/** The channels of this build: an explicit registry keyed by channel name. */

import { createDiscordChannel } from "./discord";
import { createEmailChannel } from "./email";
import { createTelegramChannel } from "./telegram";
import type { ChannelRegistry } from "./types";
import { createWebformChannel } from "./webform";

/** Every channel adapter this deployment has. */
export function createChannels() {
  return {
    webform: createWebformChannel(),
    telegram: createTelegramChannel(),
    discord: createDiscordChannel(),
    email: createEmailChannel(),
  } satisfies ChannelRegistry;
}
