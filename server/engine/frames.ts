// The engine's multiplexed stream (non-TTY attach, logs, exec): frames of an 8-byte header (stream
// type, 3 zero bytes, payload length big-endian) and the payload. docker-modem's demuxStream copies
// the unread rest of its buffer at every frame, some 7 bytes of garbage per byte of output, which
// Node 24 holds until its external-memory GC threshold (the server's RSS under a flood). Here a
// payload is a view of the chunk it came in, and only a frame split across chunks is copied, once.
import { Buffer } from 'node:buffer'

export type FrameStream = 'stdout' | 'stderr'

const HEADER = 8
const STREAMS: Record<number, FrameStream> = { 0: 'stdout', 1: 'stdout', 2: 'stderr' }

/** The frame header at `at`, or undefined where none is (a TTY's raw stream is not multiplexed). */
function headerAt(buf: Buffer, at: number): { stream: FrameStream, end: number } | undefined {
  const stream = STREAMS[buf[at]!]
  if (!stream || buf[at + 1] || buf[at + 2] || buf[at + 3])
    return undefined
  return { stream, end: at + HEADER + buf.readUInt32BE(at + 4) }
}

/** Returns the function to feed each chunk to; it calls `onFrame` with every whole frame's payload. */
export function frameSplitter(onFrame: (stream: FrameStream, payload: Buffer) => void): (chunk: Buffer) => void {
  let held: Buffer[] = []
  let heldBytes = 0
  let raw = false
  return (chunk) => {
    if (raw)
      return onFrame('stdout', chunk)
    held.push(chunk)
    heldBytes += chunk.length
    // Join the held chunks only once the frame they start with is whole.
    const first = held[0]!
    const needed = first.length >= HEADER
      ? headerAt(first, 0)?.end ?? 0
      : HEADER
    if (heldBytes < needed)
      return
    const buf = held.length === 1
      ? first
      : Buffer.concat(held, heldBytes)
    let at = 0
    while (buf.length - at >= HEADER) {
      const frame = headerAt(buf, at)
      if (!frame) {
        // As docker-modem does: what is not multiplexed is passed on as stdout from here on.
        raw = true
        held = []
        heldBytes = 0
        return onFrame('stdout', buf.subarray(at))
      }
      if (frame.end > buf.length)
        break
      if (frame.end > at + HEADER)
        onFrame(frame.stream, buf.subarray(at + HEADER, frame.end))
      at = frame.end
    }
    const rest = buf.subarray(at)
    held = rest.length
      ? [rest]
      : []
    heldBytes = rest.length
  }
}
