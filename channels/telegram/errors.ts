/** Bot API failures -> the pipeline's retryable or permanent errors, with reasons staff can read. */
import { GrammyError, HttpError } from "grammy";
import { ChannelError, PermanentError, RetryableError, UnreachableError } from "../../src/core/errors";

/**
 * Maps what grammY threw to RetryableError / PermanentError / UnreachableError (of `recipient`,
 * the customer's user id when the chat is theirs). https://core.telegram.org/bots/api#making-requests
 */
export function toChannelError(err: unknown, recipient: string | null = null): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof HttpError) return new RetryableError("Could not reach Telegram (network error)");
  if (!(err instanceof GrammyError)) {
    return new RetryableError(`Unexpected error while sending to Telegram: ${err instanceof Error ? err.name : "?"}`);
  }
  const { error_code: code, description } = err;
  if (code === 429) {
    const seconds = err.parameters.retry_after ?? 1;
    return new RetryableError(`Telegram rate limit: retry after ${seconds}s`, seconds * 1000);
  }
  if (code >= 500) return new RetryableError(`Telegram server error (${code})`);
  if (code === 403) {
    if (/blocked/i.test(description)) return new UnreachableError("The customer blocked the bot", recipient);
    if (/deactivated/i.test(description))
      return new UnreachableError("The customer's Telegram account is deleted", recipient);
    if (/kicked|not a member/i.test(description))
      return new UnreachableError("The bot was removed from this chat", recipient);
    return new UnreachableError(`Telegram refused to deliver: ${description}`, recipient);
  }
  if (code === 400 && /chat not found/i.test(description)) {
    return new UnreachableError("The Telegram chat no longer exists (chat not found)", recipient);
  }
  if (code === 401 || code === 404)
    return new PermanentError("Telegram rejected the bot token (check TELEGRAM_BOT_TOKEN)");
  return new PermanentError(`Telegram rejected the message (${code}: ${description})`);
}
