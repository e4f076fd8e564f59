/** Canned replies: fills `{{customer_name}}` and `{{ticket_number}}` into a body. Pure. */

/** The variables a canned reply may use. */
export const CANNED_VARIABLES = ["customer_name", "ticket_number"] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

export type CannedVars = Partial<Record<CannedVariable, string | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/**
 * Replaces each `{{name}}` (spaces inside the braces allowed) with its value. A known variable
 * without a value becomes `fallback` (default empty); unknown placeholders stay as written, so
 * a typo is visible to the agent before sending. Values are inserted literally, once.
 */
export function renderCanned(body: string, vars: CannedVars, fallback = ""): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(CANNED_VARIABLES as readonly string[]).includes(name)) return whole;
    const value = vars[name as CannedVariable];
    return value === null || value === undefined || value === "" ? fallback : value;
  });
}
