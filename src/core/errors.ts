/** Typed errors. HTTP-facing ones carry their status and code; `app.onError` renders them once. */

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, "validation_failed", message, details);
    this.name = "ValidationError";
  }
}

export class AuthenticationError extends AppError {
  constructor(message = "A valid credential is required") {
    super(401, "unauthorized", message);
    this.name = "AuthenticationError";
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "Your role does not allow this") {
    super(403, "forbidden", message);
    this.name = "ForbiddenError";
  }
}

export class NotFoundError extends AppError {
  constructor(what = "Resource") {
    super(404, "not_found", `${what} not found`);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
    this.name = "ConflictError";
  }
}

/** A channel failed to send. The delivery pipeline decides what happens next by subclass. */
export class ChannelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ChannelError";
  }
}

/** Try again later: network failure, 5xx, or 429 (then `retryAfterMs` is the provider's ask). */
export class RetryableError extends ChannelError {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RetryableError";
  }
}

/** Trying again cannot help (blocked by the user, chat gone, bad request): fail now. */
export class PermanentError extends ChannelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentError";
  }
}

/**
 * Trying again cannot help, and the customer cannot be reached there any more (they blocked the
 * bot, left the chat, closed their DMs): the pipeline marks `recipient` (their id on the channel)
 * unreachable, once, for every channel.
 */
export class UnreachableError extends PermanentError {
  constructor(
    message: string,
    readonly recipient: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "UnreachableError";
  }
}
