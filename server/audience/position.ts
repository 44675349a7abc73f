// The presenter's position (slide and click) on a feed of the broadcast core: the presenter
// window posts it, every audience window follows it. Only the latest position is kept.
import type { PositionEvents, PresenterPosition } from '../../shared/protocol'
import { MAX_POSITION } from '../../shared/protocol'
import { Feed } from '../broadcast/feed'

export type PositionFeed = Feed<PositionEvents>

export function createPositionFeed(): PositionFeed {
  return new Feed<PositionEvents>({
    maxBytes: 0,
    keyOf: () => 'position',
  })
}

const inRange = (n: unknown, min: number): n is number => Number.isInteger(n) && (n as number) >= min && (n as number) <= MAX_POSITION

/** A position as a client sent it, or undefined for anything else. */
export function parsePosition(body: unknown): PresenterPosition | undefined {
  if (typeof body !== 'object' || body === null)
    return undefined
  const { slide, click } = body as Record<string, unknown>
  return inRange(slide, 1) && inRange(click, 0)
    ? { slide, click }
    : undefined
}
