import type { ChannelAdapter } from "../types";

/** The web form channel (placeholder). */
export function createWebformChannel(): ChannelAdapter {
  return {
    name: "webform",
    routes() {},
    isConfigured: () => true,
    async deliver(msg) {
      return { providerMessageId: `webform:${msg.messageId}` };
    },
  };
}
