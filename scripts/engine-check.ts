// Does a Docker engine answer, on the endpoint the docker CLI would use (DOCKER_HOST, else the
// current docker context)? For scripts/ensure-engine.sh, in Node so it needs no GNU tool (timeout)
// and no docker CLI. Exit 0: it answers. Exit 2: nothing listens at the local socket this project
// may start an engine on. Exit 1: anything else, said on stderr (docker group, API too old, a
// socket that is not Docker's, DOCKER_HOST or a context that does not answer).
// `--wait <sec>`: waits that long for an engine that is starting.
import process from 'node:process'
import { setTimeout as sleep } from 'node:timers/promises'
import { createDocker, engineHealth } from '../server/engine/client'
import { engineEndpoint } from '../server/engine/endpoint'

let endpoint
try {
  endpoint = engineEndpoint()
}
catch (err) {
  console.error(`[docker-talk] ${(err as Error).message}`)
  process.exit(1)
}
const docker = createDocker()
const waitIndex = process.argv.indexOf('--wait')
const deadline = Date.now() + (waitIndex > 0
  ? Number(process.argv[waitIndex + 1]) * 1000
  : 0)
const absent = /\((?:ENOENT|ECONNREFUSED)\)$/

for (;;) {
  const health = await engineHealth(docker, 5000)
  if (health.reachable) {
    console.log(`[docker-talk] Docker engine ${health.version} (API ${health.apiVersion}) at ${endpoint.host}${endpoint.from === 'default' || endpoint.from === 'DOCKER_HOST'
      ? ''
      : ` (${endpoint.from})`}`)
    process.exit(0)
  }
  const nothingListens = absent.test(health.error ?? '')
  if (nothingListens && Date.now() < deadline) {
    await sleep(250)
    continue
  }
  // The project starts an engine only on this machine's own default socket (or the one TALK_DOCKERD serves).
  if (nothingListens && waitIndex < 0 && (endpoint.from === 'default' || process.env.TALK_DOCKERD))
    process.exit(2)
  let hint = ''
  if (nothingListens && endpoint.from === 'DOCKER_HOST')
    hint = ': fix or unset DOCKER_HOST'
  else if (nothingListens && endpoint.from.startsWith('docker context'))
    hint = `: start that engine (Docker Desktop, \`colima start\`, OrbStack), or \`docker context use default\``
  console.error(`[docker-talk] ${health.error}${hint}`)
  process.exit(1)
}
