/** Vitest globalSetup (Node side): one fake Mailgun API for the integration project, its port provided to workerd. */
import type { TestProject } from "vitest/node";
import { startFakeMailgun } from "./email-mailgun";

/** The Mailgun API key the integration tests run with; the fake accepts only this one. */
export const TEST_MAILGUN_KEY = "key-test-relaydesk-mailgun";

declare module "vitest" {
  export interface ProvidedContext {
    mailgunPort: number;
    mailgunKey: string;
  }
}

export default async function setup(project: TestProject) {
  const fake = await startFakeMailgun({ apiKey: TEST_MAILGUN_KEY });
  project.provide("mailgunPort", fake.port);
  project.provide("mailgunKey", TEST_MAILGUN_KEY);
  return async () => {
    await fake.close();
  };
}
