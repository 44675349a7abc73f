import type { AudienceInfo } from '../../shared/protocol'
import type { PositionFeed } from '../audience/position'
import type { Guard } from './guard'
import type { Viewers } from './viewers'
// The API of following: the presenter's position (posted by whoever controls: the presenter
// window, or a remote presenter who proved the secret) and where the audience listener is reached.
import express from 'express'
import { parsePosition } from '../audience/position'
import { HttpError } from './errors'
import { guardRoutes } from './guard-routes'
import { serveEvents } from './sse'

export interface AudienceRouteDeps {
  guard: Guard
  viewers: Viewers
  position: PositionFeed
  /** Where the audience listener is reached, when one runs. */
  audience: () => AudienceInfo
}

export function audienceRoutes({ guard, viewers, position, audience }: AudienceRouteDeps): express.Router {
  const router = express.Router()
  const { watch, control } = guardRoutes(guard)

  router.get('/position/events', watch, (req, res) => {
    serveEvents(req, res, position, viewers, guard.clientOf(req))
  })

  router.post('/position', control, (req, res) => {
    const at = parsePosition(req.body)
    if (!at)
      throw new HttpError(400, 'body must be {"slide": n >= 1, "click": n >= 0}')
    position.publish('position', {
      ...at,
      at: Date.now(),
    })
    res.json({ position: at })
  })

  router.get('/audience', watch, (_req, res) => {
    res.json(audience())
  })
  return router
}
