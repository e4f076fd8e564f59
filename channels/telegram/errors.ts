/** Bot API failures -> the pipeline's retryable or permanent errors, with reasons staff can read. */
import { GrammyError, HttpError } from "grammy";
import { ChannelError, PermanentError, RetryableError } from "../../src/core/errors";

/** A permanent failure that also means the customer cannot be reached on this chat any more. */
export class UnreachableError extends PermanentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnreachableError";
  }
}

/** Maps what grammY threw to RetryableError / PermanentError. https://core.telegram.org/bots/api#making-requests */
export function toChannelError(err: unknown): ChannelError {
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
    if (/blocked/i.test(description)) return new UnreachableError("The customer blocked the bot");
    if (/deactivated/i.test(description)) return new UnreachableError("The customer's Telegram account is deleted");
    if (/kicked|not a member/i.test(description)) return new UnreachableError("The bot was removed from this chat");
    return new UnreachableError(`Telegram refused to deliver: ${description}`);
  }
  if (code === 400 && /chat not found/i.test(description)) {
    return new UnreachableError("The Telegram chat no longer exists (chat not found)");
  }
  if (code === 401 || code === 404)
    return new PermanentError("Telegram rejected the bot token (check TELEGRAM_BOT_TOKEN)");
  return new PermanentError(`Telegram rejected the message (${code}: ${description})`);
}
