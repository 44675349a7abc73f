import type { NextFunction, Request, Response } from 'express'
// The built deck and the API on one origin: the one way a built deck is served, hosted (`npm
// start`, dist/) and to the audience (`npm run dev -- --audience`, its own build). Only the
// build's own files and the deck's routes answer: no source map, no dotfile, nothing outside the
// folder, and any other path is a 404, never the deck's page (so /server/... or /@fs/... are not
// mistaken for slides).
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import express from 'express'

/** Slidev's client-side routes: /, /3, /presenter/3, /overview (a trailing slash allowed). */
const DECK_ROUTE = /^\/(?:(?:presenter\/)?\d{1,5}|presenter|overview)?\/?$/

export function createSite(api: express.Express, deckDir: string): express.Express {
  if (!existsSync(resolve(deckDir, 'index.html')))
    throw new Error(`no built deck in ${deckDir}`)
  const site = express()
  site.disable('x-powered-by')
  site.use(api)
  // Only GET and HEAD reach the deck's files; nothing it serves writes.
  site.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/'))
      return next()
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return void res.status(405).set('Allow', 'GET, HEAD').json({ error: 'the deck is read-only' })
    if (req.path.endsWith('.map'))
      return void res.status(404).json({ error: 'not found' })
    next()
  })
  site.use(express.static(deckDir, {
    dotfiles: 'ignore',
    index: false,
    redirect: false,
    fallthrough: true,
  }))
  // Relative to the folder: its own path may hold a dot folder (.cache/), which send would refuse.
  site.get(DECK_ROUTE, (_req, res, next) => res.sendFile('index.html', { root: deckDir }, err => err && next(err)))
  site.use((req: Request, res: Response) => void res.status(404).json({ error: `not found: ${req.path}` }))
  // A path that is not valid percent-encoding, a file gone mid-send: the request's fault or a 404, never a crash.
  site.use((err: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500
      ? err.status
      : 500
    if (status === 500)
      console.error('[docker-talk] unexpected error serving the deck:', err)
    if (res.headersSent)
      return void res.end()
    res.status(status).json({
      error: status === 500
        ? 'internal error'
        : 'not found',
    })
  })
  return site
}
