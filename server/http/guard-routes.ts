// The guard as Express middleware: the API's routes and the audience listener's ask the same way.
import type { NextFunction, Request, Response } from 'express'
import type { Guard } from './guard'

export type GuardMiddleware = (req: Request, res: Response, next: NextFunction) => void

/** `watch`: may see the talk; `control`: may run it. The guard throws the refusal as an HttpError. */
export function guardRoutes(guard: Guard): { watch: GuardMiddleware, control: GuardMiddleware } {
  const as = (action: 'watch' | 'control'): GuardMiddleware => (req, _res, next) => {
    guard(req, action)
    next()
  }
  return {
    watch: as('watch'),
    control: as('control'),
  }
}
