// One channel per demo: the current (or last) run's events on a feed of the broadcast core, its
// output kept within a byte budget, so the presenter, the audience and a reloaded tab all show the
// same output. A late joiner where output was dropped is told how much.
import type { StreamEvents } from '../../shared/protocol'
import { Feed } from '../broadcast/feed'

export type Channel = Feed<StreamEvents>

export function createChannel(maxBytes: number): Channel {
  return new Feed<StreamEvents>({
    maxBytes,
    sizeOf: m => m.event === 'stdout' || m.event === 'stderr'
      ? m.data.text.length
      : 0,
    dropped: bytes => ({
      event: 'dropped',
      data: { bytes },
    }),
  })
}
