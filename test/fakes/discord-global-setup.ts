/**
 * Vitest globalSetup (Node side): a fake Discord REST API for the integration project, and a
 * fresh Ed25519 key pair. workerd verifies with the public half (DISCORD_PUBLIC_KEY); tests
 * sign interactions with the private half, as Discord would.
 */
import { generateKeyPairSync } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startFakeDiscord } from "./discord-api";

/** The bot token the integration tests run with; the fake accepts only this one. */
export const TEST_DISCORD_TOKEN = "TEST.fake-discord-bot-token.relaydesk";

declare module "vitest" {
  export interface ProvidedContext {
    discordPort: number;
    discordToken: string;
    /** Hex raw Ed25519 public key. */
    discordPublicKey: string;
    /** Base64 PKCS#8 Ed25519 private key. */
    discordPrivateKey: string;
  }
}

export default async function setup(project: TestProject) {
  const fake = await startFakeDiscord({ token: TEST_DISCORD_TOKEN });
  const pair = generateKeyPairSync("ed25519");
  // An Ed25519 SPKI is a fixed 12-byte header followed by the 32-byte raw key.
  const publicRaw = pair.publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const privatePkcs8 = pair.privateKey.export({ format: "der", type: "pkcs8" });
  project.provide("discordPort", fake.port);
  project.provide("discordToken", TEST_DISCORD_TOKEN);
  project.provide("discordPublicKey", publicRaw.toString("hex"));
  project.provide("discordPrivateKey", privatePkcs8.toString("base64"));
  return async () => {
    await fake.close();
  };
}
