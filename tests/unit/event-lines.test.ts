import { Buffer } from 'node:buffer'
import { once } from 'node:events'
// The engine's event stream split into events: a multibyte UTF-8 character whose bytes arrive in
// two chunks comes out whole, and so does an event split anywhere else.
import { PassThrough } from 'node:stream'
import { expect, it } from 'vitest'
import { readEngineEvents } from '../../server/dashboard/event-lines'

interface Ev { Type: string, Actor: { Attributes: { name: string } } }
function event(name: string): Ev {
  return {
    Type: 'container',
    Actor: {
      Attributes: { name },
    },
  }
}

it('keeps a UTF-8 character split across chunks whole, and every event in order', async () => {
  const names = ['café-🐳', 'plain', 'naïve-ünïcode']
  const bytes = Buffer.from(names.map(n => `${JSON.stringify(event(n))}\n`).join(''))
  // Split inside the 4-byte whale, then inside 'ï', then in the middle of a line.
  const whale = bytes.indexOf(Buffer.from('🐳'))
  const iUmlaut = bytes.lastIndexOf(Buffer.from('ï'))
  const cuts = [
    0,
    whale + 2,
    iUmlaut + 1,
    bytes.length - 5,
    bytes.length,
  ]
  const stream = new PassThrough()
  const got: string[] = []
  readEngineEvents<Ev>(stream, e => got.push(e.Actor.Attributes.name))
  for (let i = 1; i < cuts.length; i++) stream.write(bytes.subarray(cuts[i - 1], cuts[i]))
  stream.end()
  await once(stream, 'end')
  expect(got).toEqual(names)
})

it('skips blank lines and lines that are not JSON', async () => {
  const stream = new PassThrough()
  const got: string[] = []
  readEngineEvents<Ev>(stream, e => got.push(e.Actor.Attributes.name))
  stream.end(`\n{not json\n${JSON.stringify(event('ok'))}\n`)
  await once(stream, 'end')
  expect(got).toEqual(['ok'])
})
