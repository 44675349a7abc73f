// Why the server did not do what was asked, as a value: the domain (runs, dashboard, shell) returns
// it, and only the HTTP edge (server/http/refusal-status.ts) turns it into a status code.
export type RefusalKind
  = | 'unknown demo'
    | 'unknown terminal'
    | 'too many runs'
    | 'engine down'
    | 'image missing'
    | 'malformed id'
    | 'no such container'
    | 'not ours'
    | 'bad step'
    | 'nothing to advance'

export interface Refusal { refused: RefusalKind, message: string }

export function refuse(refused: RefusalKind, message: string): Refusal {
  return { refused, message }
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value
}
