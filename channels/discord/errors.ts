/** Discord REST failures -> the pipeline's retryable or permanent errors, with reasons staff can read. */
import { DiscordAPIError, HTTPError, RateLimitError } from "@discordjs/rest";
import { ChannelError, PermanentError, RetryableError, UnreachableError } from "../../src/core/errors";

/** JSON error codes worth a sentence of their own. https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes */
const KNOWN_CODES: Record<number, string> = {
  10003: "The Discord channel no longer exists (10003 Unknown Channel)",
  10013: "The Discord user no longer exists (10013 Unknown User)",
  50001: "The bot has no access to this Discord channel (50001 Missing Access)",
  50013: "The bot lacks permission to post in this Discord channel (50013 Missing Permissions)",
  50035: "Discord rejected the message as invalid (50035 Invalid Form Body)",
};

/** The wait Discord asked for, in ms: Retry-After, else the bucket's reset-after; at least 1 s. */
function waitOf(err: RateLimitError): number {
  return Math.max(err.retryAfter, err.timeToReset, 1000);
}

/**
 * Maps what @discordjs/rest threw to RetryableError / PermanentError / UnreachableError (of
 * `recipient`, the customer's user id when the channel is their DM).
 */
export function toChannelError(err: unknown, recipient: string | null = null): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof RateLimitError) {
    const ms = waitOf(err);
    return new RetryableError(
      `Discord rate limit${err.global ? " (global)" : ""}: retry after ${Math.ceil(ms / 1000)}s`,
      ms,
    );
  }
  if (err instanceof HTTPError) return new RetryableError(`Discord server error (${err.status})`);
  if (!(err instanceof DiscordAPIError)) {
    // fetch failures, timeouts (AbortError), a proxy's non-JSON page: the network, not Discord, said no.
    return new RetryableError("Could not reach Discord (network error)");
  }
  const { status, code } = err;
  if (status === 429) return new RetryableError("Discord rate limit", 1000);
  if (status >= 500) return new RetryableError(`Discord server error (${status})`);
  if (code === 50007)
    return new UnreachableError("The customer does not accept direct messages from the bot (50007)", recipient);
  if (status === 401) return new PermanentError("Discord rejected the bot token (check DISCORD_BOT_TOKEN)");
  const known = typeof code === "number" ? KNOWN_CODES[code] : undefined;
  if (known) return new PermanentError(known);
  return new PermanentError(`Discord rejected the message (${status}, code ${code}: ${err.message})`);
}
