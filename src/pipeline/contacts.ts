/** Contact changes a channel makes outside a message (the language button): names are redacted before they are stored. */
import { setPreferredLanguage } from "../store/contacts";
import { redactName } from "./triage";

/** Stores a customer's explicit language choice (creating their contact when new), with their display name redacted. */
export async function chooseLanguage(db: D1Database, args: Parameters<typeof setPreferredLanguage>[1]): Promise<void> {
  await setPreferredLanguage(db, { ...args, displayName: redactName(args.displayName) });
}
