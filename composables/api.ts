// The deck's client for the server's HTTP API (shared/protocol.ts).
import type { ApiError } from '../shared/protocol'
import { PRESENTER_SECRET_HEADER } from '../shared/protocol'

const SECRET_KEY = 'docker-talk:presenter-secret'

export class ApiFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

/** The status of an ApiFailure when no demo server answered at all (a static host, a stopped server). */
export const NO_SERVER = 0

export function isNoServer(err: unknown): boolean {
  return err instanceof ApiFailure && err.status === NO_SERVER
}

/**
 * Calls the API; a non-2xx answer becomes an ApiFailure carrying the server's own message. Every
 * answer of the demo server is JSON: anything else (a static host's 404 page, its index.html) means
 * no demo server is there, as a failed connection does.
 */
export async function api<T>(path: string, init: { method?: 'GET' | 'POST', json?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  const secret = presenterSecret()
  if (secret)
    headers[PRESENTER_SECRET_HEADER] = secret
  if (init.json !== undefined)
    headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.json === undefined
        ? undefined
        : JSON.stringify(init.json),
    })
  }
  catch {
    throw new ApiFailure(NO_SERVER, 'demo server not reachable')
  }
  if (!res.headers.get('content-type')?.includes('application/json'))
    throw new ApiFailure(NO_SERVER, 'no demo server here')
  const body = await res.json().catch(() => undefined) as T | ApiError | undefined
  if (!res.ok) {
    const message = (body as ApiError | undefined)?.error ?? `HTTP ${res.status}`
    throw new ApiFailure(res.status, message)
  }
  return body as T
}

/** Whether a demo server answers this deck (the static deck after the talk has none). */
export async function demoServerAnswers(): Promise<boolean> {
  return api('/health').then(() => true, (err: unknown) => !isNoServer(err))
}

/** The presenter secret this browser holds, if any (WebSockets cannot send it as a header). */
export function presenterSecret(): string | undefined {
  return globalThis.localStorage?.getItem(SECRET_KEY) ?? undefined
}

/** For a presenter on another machine (`slidev --remote`): the secret the server printed. */
export function setPresenterSecret(secret: string): void {
  localStorage.setItem(SECRET_KEY, secret)
}

export function demoPath(id: string, action = ''): string {
  return `/demos/${encodeURIComponent(id)}${action
    ? `/${action}`
    : ''}`
}
