import { request } from 'node:http'
import { performance } from 'node:perf_hooks'
// One process of audience followers for bench/followers.ts: each follower holds the two streams an
// audience window holds on the audience listener (the presenter's position and one demo's events)
// and notes when each line of the demo's run and each slide change arrives. Plain Node (its type
// stripping), no imports: hundreds of followers per process must keep up with the server.
// argv: <audience base URL> <followers> <demo id> <slide changes> <deadline epoch ms> <address prefix>
// Follower i comes from <prefix>.<1 + i % 100>: a hall's phones come from many addresses.
import process from 'node:process'

const [base = '', countArg = '0', demo = '', slidesArg = '0', deadlineArg = '0', prefix = '127.0.0'] = process.argv.slice(2)
const count = Number(countArg)
const slides = Number(slidesArg)
const now = (): number => performance.timeOrigin + performance.now()

interface Follower {
  /** Arrival (epoch ms) of each output line of the run, by the event's id. */
  lines: Record<string, number>
  /** Arrival of each slide the presenter moved to, by slide number. */
  slides: Record<string, number>
  ended: boolean
  /** Counted once, when it has the run's end and every slide change. */
  complete?: boolean
}

/** Opens one event stream; calls `on` for each event, resolves once the headers came (it is subscribed). */
function open(path: string, localAddress: string, on: (event: string, id: string, data: string) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent: false, localAddress }, (res) => {
      if (res.statusCode !== 200)
        return reject(new Error(`${path}: HTTP ${res.statusCode}`))
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk: string) => {
        buffer += chunk
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          let event = ''
          let id = ''
          let data = ''
          for (const line of block.split('\n')) {
            if (line.startsWith('event: '))
              event = line.slice(7)
            else if (line.startsWith('id: '))
              id = line.slice(4)
            else if (line.startsWith('data: '))
              data = line.slice(6)
          }
          if (event)
            on(event, id, data)
        }
      })
      res.on('error', () => {})
      resolve(() => req.destroy())
    })
    req.on('error', reject)
    req.end()
  })
}

const followers: Follower[] = []
const closers: (() => void)[] = []
let finished = 0
function done(): void {
  for (const c of closers) c()
  // A pipe takes a large write in parts: exit once all of it is out.
  process.stdout.write(`${JSON.stringify({
    followers: followers.map(({ lines, slides }) => ({ lines, slides })),
  })}\n`, () => process.exit(0))
}
function check(f: Follower): void {
  if (f.complete || !f.ended || Object.keys(f.slides).length < slides)
    return
  f.complete = true
  if (++finished === count)
    done()
}

for (let i = 0; i < count; i++) {
  const f: Follower = { lines: {}, slides: {}, ended: false }
  followers.push(f)
  const from = `${prefix}.${1 + i % 100}`
  // One at a time, as a hall's phones arrive: a burst of thousands of connects is a SYN flood test.
  // eslint-disable-next-line antfu/no-top-level-await -- a program's entry point: it prints ready once all are connected
  closers.push(await open('/api/position/events', from, (event, _id, data) => {
    if (event !== 'position')
      return
    const { slide } = JSON.parse(data) as { slide: number }
    // Slide 1 is where the presenter starts: a late joiner's replay, not a change.
    if (slide > 1 && f.slides[slide] === undefined) {
      f.slides[slide] = now()
      check(f)
    }
  }))
  // The server is fresh: the demo's first run is the bench's.
  // eslint-disable-next-line antfu/no-top-level-await -- as above
  closers.push(await open(`/api/demos/${demo}/events`, from, (event, id) => {
    if (event === 'stdout' || event === 'stderr')
      f.lines[id] = now()
    if (event === 'exit' || event === 'error') {
      f.ended = true
      check(f)
    }
  }))
}
process.stdout.write('ready\n')
setTimeout(done, Math.max(0, Number(deadlineArg) - Date.now())).unref()
