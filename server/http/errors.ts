/** An error with the HTTP status it should be answered with; its message goes to the client. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message)
  }
}

/** 429 with Retry-After: too many wrong secrets, or too many open streams, from one client. */
export function tooMany(message: string, retryAfterSec: number): HttpError {
  return new HttpError(429, message, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSec))),
  })
}
