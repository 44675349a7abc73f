import { describe, expect, it } from 'vitest'
import { shellQuote } from '../../demos/cli-line'
import { dockerCreate, dockerExec, dockerRun } from '../../demos/steps'

describe('the CLI lines derived from what a step runs', () => {
  it('quotes only what a shell would need quoted', () => {
    expect(shellQuote('talk/busybox')).toBe('talk/busybox')
    expect(shellQuote('echo hi there')).toBe(`'echo hi there'`)
    expect(shellQuote(`it's`)).toBe(`'it'"'"'s'`)
    expect(shellQuote('')).toBe(`''`)
    expect(shellQuote('$HOME')).toBe(`'$HOME'`)
  })

  it('shows the flags a demo declares and nothing the server adds by default', () => {
    const step = dockerRun({
      image: 'talk/busybox',
      cmd: ['sh', '-c', 'echo hi'],
      memoryMb: 32,
      user: '1000',
      network: 'net',
      capAdd: ['NET_BIND_SERVICE'],
    })
    expect(step.cli).toBe(`docker run --rm --user 1000 --network net --cap-add NET_BIND_SERVICE --memory 32m --memory-swap 32m talk/busybox sh -c 'echo hi'`)
  })

  it('names created containers by their alias and shows volumes and loopback ports', () => {
    const step = dockerCreate('web', {
      image: 'talk/busybox',
      volumes: { notes: '/data' },
      ports: { 80: 8080 },
    })
    expect(step.cli).toBe('docker create --name web -v notes:/data -p 127.0.0.1:8080:80 talk/busybox')
  })

  it('quotes exec arguments', () => {
    expect(dockerExec('web', ['cat', '/data/my notes']).cli).toBe(`docker exec web cat '/data/my notes'`)
  })
})
