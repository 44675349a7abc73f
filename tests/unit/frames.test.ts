import type { FrameStream } from '../../server/engine/frames'
import { Buffer } from 'node:buffer'
// The multiplexed-stream splitter: whatever the chunk boundaries, every frame's payload comes out
// whole, in order, on its own stream; a stream that is not multiplexed passes through as stdout.
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { frameSplitter } from '../../server/engine/frames'

function frame(type: 1 | 2, payload: Buffer): Buffer {
  const header = Buffer.alloc(8)
  header[0] = type
  header.writeUInt32BE(payload.length, 4)
  return Buffer.concat([header, payload])
}

/** Feeds `bytes` cut at `cuts` and returns what came out, joined per stream. */
function split(bytes: Buffer, cuts: number[]): Record<FrameStream, string> {
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] }
  const feed = frameSplitter((stream, payload) => {
    out[stream].push(Buffer.from(payload))
  })
  let at = 0
  for (const cut of [
    ...new Set(cuts),
  ].sort((a, b) => a - b).filter(c => c > 0 && c < bytes.length)) {
    feed(bytes.subarray(at, cut))
    at = cut
  }
  feed(bytes.subarray(at))
  return {
    stdout: Buffer.concat(out.stdout).toString('latin1'),
    stderr: Buffer.concat(out.stderr).toString('latin1'),
  }
}

it('gives every payload whole, in order, on its stream, however the chunks fall', () => {
  const frames = fc.array(fc.record({
    type: fc.constantFrom(1 as const, 2 as const),
    payload: fc.uint8Array({ maxLength: 300 }),
  }), { maxLength: 40 })
  fc.assert(fc.property(frames, fc.array(fc.nat(12_000)), (fs, cuts) => {
    const bytes = Buffer.concat(fs.map(f => frame(f.type, Buffer.from(f.payload))))
    const want = (type: 1 | 2): string => Buffer.concat(fs.filter(f => f.type === type).map(f => Buffer.from(f.payload))).toString('latin1')
    expect(split(bytes, cuts)).toEqual({
      stdout: want(1),
      stderr: want(2),
    })
  }))
})

it('passes a stream that is not multiplexed (a TTY\'s) on as stdout, from where it stops being frames', () => {
  const bytes = Buffer.concat([
    frame(2, Buffer.from('err\n')),
    Buffer.from('plain text, no header at all\n'),
  ])
  expect(split(bytes, [3, 15])).toEqual({ stdout: 'plain text, no header at all\n', stderr: 'err\n' })
})
