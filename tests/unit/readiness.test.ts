// The one line `npm run dev` prints at start: every demo that cannot run live is named, with why.
import { describe, expect, it } from 'vitest'
import { catalog } from '../../demos/catalog'
import { BUSYBOX, HELLO_C } from '../../demos/images'
import { readinessLine } from '../../server/engine/readiness'

const ids = catalog.map(d => d.id)

describe('readinessLine', () => {
  it('says all run live when every demo is ready', () => {
    expect(readinessLine(catalog, ids, {
      imageErrors: new Map(),
    })).toBe(`[docker-talk] demos: all ${catalog.length} run live`)
  })

  it('names the demos of an image that was not built, with the build\'s reason', () => {
    const helloC = catalog.filter(d => d.images.includes(HELLO_C)).map(d => d.id)
    expect(helloC.length).toBeGreaterThan(0)
    const line = readinessLine(catalog, ids.filter(id => !helloC.includes(id)), {
      imageErrors: new Map([
        [HELLO_C, 'gcc not found: sudo apt-get install gcc libc6-dev'],
      ]),
    })
    expect(line).toBe(`[docker-talk] demos: ${catalog.length - helloC.length} of ${catalog.length} run live; these replay their recordings: ${helloC.join(', ')} (${HELLO_C}: gcc not found: sudo apt-get install gcc libc6-dev)`)
  })

  it('groups by cause, and says so when there is no engine at all', () => {
    const onBusybox = catalog.filter(d => d.images[0] === BUSYBOX).map(d => d.id)
    const line = readinessLine(catalog, ids.filter(id => !onBusybox.includes(id)), {
      imageErrors: new Map([
        [BUSYBOX, 'No statically linked busybox found'],
      ]),
    })
    expect(line).toContain(`${onBusybox.join(', ')} (${BUSYBOX}: No statically linked busybox found)`)
    expect(readinessLine(catalog, [], {
      engineError: 'Docker engine not reachable at unix:///x.sock (ENOENT)',
      imageErrors: new Map(),
    }))
      .toBe(`[docker-talk] demos: none of ${catalog.length} run live (Docker engine not reachable at unix:///x.sock (ENOENT)); they replay their recordings`)
  })
})
