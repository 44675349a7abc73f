// The volumes section's demos on the real engine.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTestServer } from '../support/server'
import { byStep, outputOf, runToEnd } from '../support/sse'

const server = useTestServer({}, { nothingLeft: true })

describe('volumes', () => {
  it('volume-shared: the reader gets each line while the writer is still writing', async () => {
    const events = await runToEnd(server.url, 'volume-shared')
    const steps = byStep(events)
    expect(steps.map(s => s[0].split(' ').slice(0, 5).join(' '))).toEqual([
      'docker volume create shared',
      'docker create --name writer -v',
      'docker start writer',
      'docker run --rm -v shared:/data',
      'docker rm writer',
      'docker volume rm shared',
    ])
    expect(steps[1]![0]).toContain('-v shared:/data talk/busybox')
    const lines = steps[3]![1].split('\n').filter(Boolean)
    expect(lines).toEqual([
      ...[1, 2, 3, 4, 5, 6].map(i => expect.stringMatching(new RegExp(`^reader got: line ${i} at \\d\\d:\\d\\d:\\d\\d$`))),
      'reader got: done',
    ])
    // Written 0.5 s apart and read as they came: the writer's timestamps span two seconds or more.
    const times = lines.slice(0, 6).map(l => l.slice(-8)).map(t => t.split(':').reduce((s, x) => s * 60 + Number(x), 0))
    expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(2)
    expect(outputOf(events, 'stderr')).toBe('')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
  })

  it('bind-mount: the project folder is readable in the container and cannot be written', async () => {
    const events = await runToEnd(server.url, 'bind-mount')
    const [cli] = byStep(events)[0]!
    expect(cli).toBe(`docker run --rm -v ./demos/images/build-demo:/site:ro talk/busybox sh -c 'ls /site; head -n 2 /site/index.html; touch /site/new.txt'`)
    expect(outputOf(events, 'stdout')).toBe('Dockerfile\nindex.html\n<!doctype html>\n<title>build demo</title>\n')
    expect(outputOf(events, 'stderr')).toBe(`touch: /site/new.txt: Read-only file system\n`)
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 1 },
    })
    expect(existsSync(resolve(import.meta.dirname, '../../demos/images/build-demo/new.txt'))).toBe(false)
  })
})
