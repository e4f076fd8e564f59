/** Types of settings.mjs (plain JS so the relay runs on any Node without a build step). */

export function readVars(file: string): Record<string, string>;

export function relaySettings(env?: Record<string, string | undefined>): (name: string) => string;

export function redactor(secret: string): (text: unknown) => string;
