// Engine errors reach every viewer: a remote DOCKER_HOST (it can name a user and a machine) is
// named, never quoted; a socket path is.
import { afterEach, expect, it } from 'vitest'
import { describeEngineError } from '../../server/engine/client'

const saved = process.env.DOCKER_HOST
afterEach(() => {
  if (saved === undefined)
    delete process.env.DOCKER_HOST
  else process.env.DOCKER_HOST = saved
})

it('names a tcp:// or ssh:// DOCKER_HOST without its user or host', () => {
  for (const host of ['tcp://10.1.2.3:2376', 'ssh://alice@build-box.example']) {
    process.env.DOCKER_HOST = host
    for (const err of [
      { code: 'ECONNREFUSED', address: '10.1.2.3' },
      { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND build-box.example' },
      new Error('ssh: alice@build-box.example: Permission denied'),
    ]) {
      const message = describeEngineError(err)
      expect(message).toContain('$DOCKER_HOST')
      expect(message).not.toMatch(/10\.1\.2\.3|alice|build-box/)
    }
  }
})

it('quotes a unix socket, which names no machine', () => {
  process.env.DOCKER_HOST = 'unix:///tmp/no-engine-here.sock'
  expect(describeEngineError({ code: 'ENOENT' })).toBe('Docker engine not reachable at unix:///tmp/no-engine-here.sock (ENOENT)')
})
