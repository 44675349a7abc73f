// Why the registry did not do what was asked, as a value: only the HTTP layer (app.ts) turns it
// into a status code.
export type RefusalKind = 'unknown demo' | 'too many runs' | 'engine down' | 'image missing'

export interface Refusal { refused: RefusalKind, message: string }

export function refuse(refused: RefusalKind, message: string): Refusal {
  return { refused, message }
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value
}
