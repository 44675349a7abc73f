// The network section's demos on the real engine: each step's output under its CLI line.
import { describe, expect, it } from 'vitest'
import { expectNothingLeft } from '../support/engine'
import { startServer, useTestServer } from '../support/server'
import { byStep, outputOf, runToEnd } from '../support/sse'

const server = useTestServer()

describe('networks', () => {
  it('network-bridge: an address on the bridge, the default route via docker0, and no name for web', async () => {
    const events = await runToEnd(server.url, 'network-bridge')
    const steps = byStep(events)
    expect(steps.map(s => s[0].split(' ').slice(0, 3).join(' '))).toEqual([
      'docker create --name',
      'docker start web',
      'docker run --rm',
      'docker rm -f',
    ])
    expect(steps[2]![0]).toContain('--network bridge talk/busybox')
    const output = steps[2]![1]
    const address = /^ +inet (\d+\.\d+\.\d+)\.\d+\/\d+ .*scope global eth0\n/.exec(output)
    expect(address).not.toBeNull()
    // The gateway, docker0, is on the container's own subnet: everything else goes through it (NAT).
    expect(output).toMatch(new RegExp(`\ndefault via ${address![1]!.replaceAll('.', '\\.')}\\.\\d+ dev eth0`))
    expect(output).toMatch(/wget: bad address 'web:8080'\n$/)
    expect(outputOf(events, 'stderr')).toBe('')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 1 },
    })
    await expectNothingLeft()
  })

  it('network-none: only the loopback interface, and no route out', async () => {
    const events = await runToEnd(server.url, 'network-none')
    const [[cli, output]] = byStep(events) as [[string, string]]
    expect(cli).toMatch(/^docker run --rm --network none talk\/busybox /)
    // wget's error goes to stdout (2>&1), so the lines arrive in the order they were written.
    expect(output).toMatch(/^lo\n1: lo: <LOOPBACK,UP,LOWER_UP>/)
    expect(output).toContain('inet 127.0.0.1/8 scope host lo')
    expect(output).not.toMatch(/eth0/)
    expect(output).toMatch(/wget: can't connect to remote host \(1\.1\.1\.1\): Network is unreachable\n$/)
    expect(outputOf(events, 'stderr')).toBe('')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 1 },
    })
    await expectNothingLeft()
  })

  it('network-publish: the host reaches the container on the loopback port the engine picked', async () => {
    const events = await runToEnd(server.url, 'network-publish')
    const steps = byStep(events)
    expect(steps.map(s => s[0].split(' ').slice(0, 3).join(' '))).toEqual([
      'docker network create',
      'docker create --name',
      'docker start web',
      'docker port web',
      'curl -sSf --retry',
      'docker rm -f',
      'docker network rm',
    ])
    expect(steps[1]![0]).toContain('-p 127.0.0.1::8080')
    const address = /^127\.0\.0\.1:(\d+)\n$/.exec(steps[3]![1])
    expect(address).not.toBeNull()
    expect(Number(address![1])).toBeGreaterThan(0)
    expect(steps[4]![1]).toMatch(/^hello from [0-9a-f]{12}\n$/)
    expect(outputOf(events, 'stderr')).toBe('')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
    await expectNothingLeft()
  })

  it('network-publish: two runs at once get different host ports', async () => {
    const second = await startServer()
    try {
      const [a, b] = await Promise.all([
        runToEnd(server.url, 'network-publish'),
        runToEnd(second.url, 'network-publish'),
      ])
      const port = (events: typeof a): string => byStep(events)[3]![1]
      expect(port(a)).not.toBe(port(b))
      for (const events of [a, b]) {
        expect(byStep(events)[4]![1]).toMatch(/^hello from /)
        expect(events.at(-1)).toMatchObject({
          event: 'exit',
          data: { code: 0 },
        })
      }
    }
    finally { await second.close() }
    await expectNothingLeft()
  })

  it('network-dns: the site, published on a loopback port for the host, and reached by name from a second container', async () => {
    const events = await runToEnd(server.url, 'network-dns')
    const steps = byStep(events)
    expect(steps.map(s => s[0].split(' ').slice(0, 3).join(' '))).toEqual([
      'docker network create',
      'docker run -d',
      'curl -sSf --retry',
      'docker run --rm',
      'docker rm -f',
      'docker network rm',
    ])
    expect(steps[1]![0]).toBe('docker run -d --name web --network talk-net -p 127.0.0.1::8080 talk/build-demo')
    expect(steps[2]![1]).toContain('<h1>Hello from talk/build-demo</h1>')
    expect(steps[3]![0]).toContain('wget -q -O - http://web:8080/')
    expect(steps[3]![1]).toContain('<h1>Hello from talk/build-demo</h1>')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
    await expectNothingLeft()
  })
})
