import type Docker from 'dockerode'
import type { NextFunction, Request, Response } from 'express'
import type { Demo } from '../../demos/types'
import type { DemoSummary, EngineHealth, RunStarted } from '../../shared/protocol'
import type { EngineWatch } from '../dashboard/watch'
import type { RunRegistry } from '../runs/registry'
import type { AudienceRouteDeps } from './audience-routes'
import type { Guard } from './guard'
import type { Viewers } from './viewers'
import process from 'node:process'
// The HTTP API (see protocol.ts). Routes only parse, check and answer; the registry does the work.
import express from 'express'
import { MAX_PREWARMED } from '../../shared/protocol'
import { actOnOwnContainer } from '../dashboard/ownership'
import { engineState } from '../engine/state'
import { refuse } from '../refusal'
import { rehearseDemo } from '../runs/rehearsal'
import { audienceRoutes } from './audience-routes'
import { HttpError } from './errors'
import { guardRoutes } from './guard-routes'
import { answered } from './refusal-status'
import { serveEvents } from './sse'

export interface AppDeps {
  docker: Docker
  catalog: readonly Demo[]
  registry: RunRegistry
  guard: Guard
  engineWatch: EngineWatch
  /** Open event streams and shell sockets, bounded per client and in total. */
  viewers: Viewers
  /** The presenter's position and where the audience listener is (audience-routes.ts). */
  following: Pick<AudienceRouteDeps, 'position' | 'audience'>
  /** How long every window shares one engine state (default ENGINE_STATE_TTL_MS). */
  engineStateTtlMs?: number
}

export function summarize(demo: Demo): DemoSummary {
  return {
    id: demo.id,
    title: demo.title,
    cli: demo.steps.map(s => s.cli),
  }
}

export function createApp({ docker, catalog, registry, guard, engineWatch, viewers, following, engineStateTtlMs }: AppDeps): express.Express {
  const app = express()
  app.disable('x-powered-by')
  const api = express.Router()

  const { watch, control } = guardRoutes(guard)
  /** The demo a route names, one of the catalog's. */
  const demoOf = (req: Request): Demo => answered(registry.demo(req.params.id as string) ?? refuse('unknown demo', `unknown demo "${req.params.id as string}"`))

  api.use(express.json({ limit: '1kb' }))

  const engine = engineState(docker, catalog, engineStateTtlMs)
  api.get('/health', watch, async (req, res) => {
    const authority = guard.authority(req)
    const state = await engine(authority.ok)
    // A browser that just gave the secret gets a proof cookie: Slidev's own requests (module
    // imports, its shared-state POSTs) cannot carry our header.
    const cookies = guard.cookiesFor(req, authority)
    if (cookies.length)
      res.setHeader('Set-Cookie', cookies)
    const body: EngineHealth = { engine: state.engine, node: process.version, control: authority.ok }
    if (state.ready) {
      body.ready = state.ready
      body.prewarmed = registry.prewarmedIds()
    }
    res.json(body)
  })

  api.get('/demos', watch, (_req, res) => {
    res.json(catalog.map(summarize))
  })

  api.get('/demos/:id', watch, (req, res) => {
    const demo = demoOf(req)
    res.json({
      ...summarize(demo),
      run: registry.current(demo.id) ?? null,
    })
  })

  // Live when the engine answers, else the demo's recording on the same channel.
  api.post('/demos/:id/run', control, async (req, res) => {
    const untilStep = stepIn(req, 'untilStep', false)
    const run = answered(await registry.start(req.params.id as string, untilStep))
    res.status(202).json({ runId: run.runId, through: untilStep ?? null } satisfies RunStarted)
  })

  // A paced run's next step: the presenter's click (or `r`, or →) on the slide.
  api.post('/demos/:id/advance', control, async (req, res) => {
    const run = answered(await registry.advance(req.params.id as string, stepIn(req, 'step', true)!))
    res.json({ runId: run.runId, through: run.through } satisfies RunStarted)
  })

  api.post('/demos/:id/stop', control, async (req, res) => {
    const run = await registry.stop(demoOf(req).id)
    res.json({ run: run ?? null })
  })

  // The deck sends the demos of the current and the next demo slide; every other prewarmed container goes.
  api.post('/prewarm', control, async (req, res) => {
    const demos = (req.body as { demos?: unknown } | undefined)?.demos
    if (!Array.isArray(demos) || demos.length > MAX_PREWARMED || !demos.every(d => typeof d === 'string'))
      throw new HttpError(400, `body must be {"demos": [up to ${MAX_PREWARMED} demo ids]}`)
    res.json({
      prewarmed: answered(await registry.keepPrewarmed(demos as string[])),
    })
  })

  // The presenter's Rehearse button runs the deck's demos one by one, in slide order, through this.
  api.post('/demos/:id/rehearse', control, async (req, res) => {
    res.json(await rehearseDemo(docker, registry, demoOf(req)))
  })

  api.get('/demos/:id/events', watch, (req, res) => {
    serveEvents(req, res, registry.channel(demoOf(req).id), viewers, guard.clientOf(req))
  })

  // The dashboard: live lists of the engine's objects, and stop/remove for this talk's containers only.
  api.get('/engine/events', watch, (req, res) => {
    serveEvents(req, res, engineWatch.feed(guard.mayControl(req)), viewers, guard.clientOf(req))
  })

  api.post('/engine/containers/:id/stop', control, async (req, res) => {
    answered(await actOnOwnContainer(docker, req.params.id as string, 'stop'))
    res.json({ stopped: req.params.id })
  })

  api.post('/engine/containers/:id/remove', control, async (req, res) => {
    answered(await actOnOwnContainer(docker, req.params.id as string, 'remove'))
    res.json({ removed: req.params.id })
  })

  api.use(audienceRoutes({ guard, viewers, ...following }))

  api.use((req, _res, next) => next(new HttpError(404, `no such endpoint: ${req.method} ${req.baseUrl}${req.path}`)))
  api.use(errorHandler)
  app.use('/api', api)
  return app
}

/** A step number from the JSON body (protocol.ts RunRequest, AdvanceRequest); its range is the registry's to check. */
function stepIn(req: Request, field: 'untilStep' | 'step', required: boolean): number | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[field]
  if (value === undefined && !required)
    return undefined
  if (typeof value !== 'number')
    throw new HttpError(400, `body must be {"${field}": <step number>}`)
  return value
}

/** Every error leaves as JSON with a fitting status; only our own bugs are 500s. */
function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const e = err as { status?: number, statusCode?: number, type?: string, message?: string }
  let status = 500
  let message = 'internal error'
  if (err instanceof HttpError) {
    status = err.status
    message = err.message
    if (!res.headersSent)
      res.set(err.headers)
  }
  else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    // Express's own parsers reject the request itself: body-parser (malformed JSON 400, too large
    // 413, bad charset 415, a body that does not inflate 400) and the router (a path parameter
    // that is not valid percent-encoding, 400). Engine errors carry only statusCode, never status.
    status = e.status
    message = e.type === 'entity.too.large'
      ? 'request body too large'
      : e.type
        ? `bad request body: ${e.message}`
        : `bad request: ${e.message}`
  }
  else {
    console.error('[docker-talk] unexpected error:', err)
  }
  if (res.headersSent) {
    res.end()
    return
  }
  res.status(status).json({ error: message })
}
