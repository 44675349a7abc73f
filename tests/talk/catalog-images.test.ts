import type { TestServer } from '../support/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sweep } from '../../server/engine/cleanup'
import { factsFromInfo } from '../../server/engine/facts'
import { docker, expectNothingLeft } from '../support/engine'
import { startServer } from '../support/server'
import { byStep, outputOf, runToEnd } from '../support/sse'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

const exitedOk = {
  event: 'exit',
  data: { code: 0, stopped: false },
}
const busyboxTags = async (): Promise<string[]> => (await docker.getImage('talk/busybox').inspect()).RepoTags

describe('images section demos on the real engine', () => {
  it('image-history: one row per instruction of the site and its base, newest first, the busybox binary the only big layer', async () => {
    const events = await runToEnd(server.url, 'image-history')
    const [[cli, out]] = byStep(events) as [[string, string]]
    expect(cli).toBe(`docker history --format 'table {{.CreatedBy}}\t{{.Size}}' talk/build-demo`)
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^CREATED BY\s+SIZE$/)
    const rows = lines.slice(1).map((l) => {
      const [, createdBy = '', size = ''] = /^(.*\S)\s{3,}(\S+)$/.exec(l) ?? []
      return [createdBy, size] as const
    })
    // Oldest layer last: the COPY of the binary, about 1-3 MB; metadata instructions add 0 B.
    expect(rows.at(-1)![0]).toMatch(/COPY file:[0-9a-f]+…$/)
    expect(rows.at(-1)![1]).toMatch(/^[\d.]+MB$/)
    expect(rows.find(r => r[0].includes('CMD ["sh"]'))![1]).toBe('0B')
    expect(rows.find(r => r[0].includes('ENV PATH=/bin'))![1]).toBe('0B')
    expect(rows.some(r => r[0] === '/bin/busybox --install -s /bin')).toBe(true)
    // The site's own rows: WORKDIR made /srv (an empty directory), COPY and the RUNs hold files. The
    // classic store counts a layer's bytes (0B for the directory), the containerd store the disk
    // blocks it takes (8.19kB).
    expect(rows.find(r => r[0].endsWith('WORKDIR /srv'))![1]).toMatch(/^(?:0B|[\d.]+kB)$/)
    expect(rows.find(r => r[0].includes('echo "built'))![1]).toMatch(/^(?:[1-9]\d*B|[\d.]+kB)$/)
    expect(rows.find(r => r[0].includes('USER 2000'))![1]).toBe('0B')
    // The CLI cuts long instructions at 45 characters.
    expect(Math.max(...rows.map(r => [...r[0]].length))).toBeLessThanOrEqual(45)
    expect(events.at(-1)).toMatchObject(exitedOk)
  })

  it('image-id: the ID is a sha256 content hash; RepoDigests: empty for an image never pushed (classic store), the ID itself (containerd store)', async () => {
    const events = await runToEnd(server.url, 'image-id')
    const steps = byStep(events)
    const { Id } = await docker.getImage('talk/busybox').inspect()
    expect(steps[0]).toEqual([`docker image inspect --format '{{.Id}}' talk/busybox`, `${Id}\n`])
    expect(Id).toMatch(/^sha256:[0-9a-f]{64}$/)
    // The containerd store's image ID is the manifest digest, which is also the name's digest.
    const { imageStore } = factsFromInfo(await docker.info(), '')
    const digests = imageStore === 'containerd'
      ? `[talk/busybox@${Id}]`
      : '[]'
    expect(steps[1]).toEqual([`docker image inspect --format '{{.RepoTags}} {{.RepoDigests}}' talk/busybox`, `[talk/busybox:latest] ${digests}\n`])
    expect(events.at(-1)).toMatchObject(exitedOk)
  })

  it('image-tag: a second name for the same image, removed again without touching the image', async () => {
    const before = await docker.getImage('talk/busybox').inspect()
    const events = await runToEnd(server.url, 'image-tag')
    expect(byStep(events)).toEqual([
      ['docker tag talk/busybox talk/busybox:v1', ''],
      [`docker image inspect --format '{{.RepoTags}}' talk/busybox:v1`, '[talk/busybox:latest talk/busybox:v1]\n'],
      ['docker rmi talk/busybox:v1', 'Untagged: talk/busybox:v1\n'],
      [`docker image inspect --format '{{.RepoTags}}' talk/busybox`, '[talk/busybox:latest]\n'],
    ])
    expect(events.at(-1)).toMatchObject(exitedOk)
    expect((await docker.getImage('talk/busybox').inspect()).Id).toBe(before.Id)
    expect(await busyboxTags()).toEqual(['talk/busybox:latest'])
  })

  it('a demo tag left behind (a crash mid-run) is removed by the sweep; the image it named stays', async () => {
    await docker.getImage('talk/busybox').tag({ repo: 'talk/busybox', tag: 'v1' })
    expect(await busyboxTags()).toContain('talk/busybox:v1')
    // With runs still live a sweep leaves tags alone: a tag carries no run label to spare it by.
    expect((await sweep(docker, new Set(['a-live-run']))).tags).toBe(0)
    expect(await busyboxTags()).toContain('talk/busybox:v1')
    expect((await sweep(docker)).tags).toBe(1)
    expect(await busyboxTags()).toEqual(['talk/busybox:latest'])
  })

  it('a pushed name left behind is swept once no registry of the talk publishes its port', async () => {
    // Port 1: no container of the talk publishes it, so the registry this name points at is gone.
    await docker.getImage('talk/busybox').tag({ repo: '127.0.0.1:1/demo/busybox', tag: 'v1' })
    expect(await busyboxTags()).toContain('127.0.0.1:1/demo/busybox:v1')
    expect((await sweep(docker)).tags).toBe(1)
    expect(await busyboxTags()).toEqual(['talk/busybox:latest'])
  })

  it('container-diff: the writes land in the container\'s layer; a fresh container of the image sees none of them', async () => {
    const events = await runToEnd(server.url, 'container-diff')
    const steps = byStep(events)
    expect(steps.map(s => s[0])).toEqual([
      `docker create --name writer talk/busybox sh -c 'echo hello > /note.txt; rm /etc/group'`,
      'docker start writer',
      'docker wait writer',
      'docker diff writer',
      `docker run --rm talk/busybox sh -c 'cat /note.txt; ls /etc/group'`,
      'docker rm writer',
    ])
    expect(steps[3]![1]).toBe('C /etc\nD /etc/group\nA /note.txt\n')
    expect(outputOf(events.slice(events.findIndex(e => e.event === 'step' && e.data.index === 4)), 'stderr')).toMatch(/can't open '\/note\.txt': No such file or directory/)
    expect(steps[4]![1]).toContain('/etc/group\n')
    expect(events.at(-1)).toMatchObject(exitedOk)
    await expectNothingLeft()
  })
  it('registry: push the site to a registry on this machine, the digest it answers, pull by that digest; no name left behind', async () => {
    const events = await runToEnd(server.url, 'registry')
    const steps = byStep(events)
    expect(steps.map(s => s[0])).toEqual([
      'docker run -d --name registry --network bridge -p 127.0.0.1::5000 --tmpfs /var/lib/registry:size=16m talk/registry',
      'curl -sSf --retry 5 --retry-all-errors http://$(docker port registry 5000)/v2/',
      'REG=$(docker port registry 5000); echo $REG',
      'docker tag talk/build-demo $REG/demo/site:v1',
      'docker push $REG/demo/site:v1',
      `docker images --digests --format 'table {{.Tag}}\t{{.Digest}}' $REG/demo/site`,
      `DIGEST=$(docker inspect --format '{{index .RepoDigests 0}}' $REG/demo/site:v1)`,
      'docker rmi $REG/demo/site:v1',
      'docker pull $DIGEST',
      `docker images --digests --format 'table {{.Tag}}\t{{.Digest}}' $REG/demo/site`,
      'docker rm -f registry',
    ])
    const reg = steps[2]![1].trim()
    expect(reg).toMatch(/^127\.0\.0\.1:\d+$/)
    const pushed = /^v1: digest: (sha256:[0-9a-f]{64}) size: \d+$/m.exec(steps[4]![1])
    expect(steps[4]![1]).toContain(`The push refers to repository [${reg}/demo/site]`)
    expect(pushed).not.toBeNull()
    const digest = pushed![1]!
    expect(steps[5]![1]).toBe(`TAG   DIGEST\nv1    ${digest}\n`)
    expect(steps[8]![1]).toContain(`Digest: ${digest}`)
    // Pulled by digest, the image has the digest and no tag.
    expect(steps[9]![1]).toBe(`TAG      DIGEST\n<none>   ${digest}\n`)
    expect(events.at(-1)).toMatchObject(exitedOk)
    const names = (await docker.listImages({ digests: true })).flatMap(i => [
      ...i.RepoTags ?? [],
      ...i.RepoDigests ?? [],
    ])
    expect(names.filter(n => n.startsWith(`${reg}/`))).toEqual([])
    await expectNothingLeft()
  })
})

describe('dockerfiles section demos on the real engine', () => {
  it('entrypoint-cmd: ENTRYPOINT runs with CMD as its default argument; run arguments replace CMD only', async () => {
    const events = await runToEnd(server.url, 'entrypoint-cmd')
    expect(byStep(events)).toEqual([
      [`docker image inspect --format '{{.Config.Entrypoint}} {{.Config.Cmd}}' talk/greeter`, '[echo Hello,] [world]\n'],
      ['docker run --rm talk/greeter', 'Hello, world\n'],
      ['docker run --rm talk/greeter Docker', 'Hello, Docker\n'],
    ])
    expect(events.at(-1)).toMatchObject(exitedOk)
    await expectNothingLeft()
  })

  it('shell-form: the engine wraps the command in /bin/sh -c, which expands $NAME and drops the run argument', async () => {
    const events = await runToEnd(server.url, 'shell-form')
    expect(byStep(events)).toEqual([
      [`docker image inspect --format '{{.Config.Entrypoint}} {{.Config.Cmd}}' talk/greeter-shell`, '[/bin/sh -c echo "Hello, $NAME"] [ignored]\n'],
      ['docker run --rm talk/greeter-shell Docker', 'Hello, world\n'],
      ['docker run --rm -e NAME=Docker talk/greeter-shell', 'Hello, Docker\n'],
    ])
    expect(events.at(-1)).toMatchObject(exitedOk)
    await expectNothingLeft()
  })
})
