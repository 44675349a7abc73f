// The one place a refusal of the domain becomes an HTTP status, for the API and the shell upgrade alike.
import type { Refusal, RefusalKind } from '../refusal'
import { isRefusal } from '../refusal'
import { HttpError } from './errors'

const REFUSAL_STATUS: Record<RefusalKind, number> = {
  'unknown demo': 404,
  'unknown terminal': 404,
  'no such container': 404,
  'malformed id': 400,
  'not ours': 403,
  'too many runs': 429,
  'engine down': 503,
  'image missing': 409,
  'bad step': 400,
  'nothing to advance': 409,
}

export function httpErrorOf(refusal: Refusal): HttpError {
  return new HttpError(REFUSAL_STATUS[refusal.refused], refusal.message)
}

/** The value itself, or the refusal thrown as the HttpError the error handler answers with. */
export function answered<T>(result: T | Refusal): T {
  if (isRefusal(result))
    throw httpErrorOf(result)
  return result
}
