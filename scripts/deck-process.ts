import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { Browser } from 'playwright-chromium'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import process from 'node:process'
import { stripVTControlCharacters } from 'node:util'
import { chromium } from 'playwright-chromium'
import { instance as defaultInstance } from '../shared/labels'
// Starts the real deck (Slidev dev server with the demo server inside) and a headless Chromium.
import { PROJECT_ROOT } from '../shared/paths'
import { freePort } from './server-process'

const ROOT = PROJECT_ROOT
// scripts/lib.sh's use_browser chooses for npm test, npm run test:e2e and npm run bench.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell'
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export interface Deck {
  url: string
  /** Its TALK_INSTANCE: the label on everything its demos make, and all its sweeps remove. */
  instance: string
  process: ChildProcess
  output: () => string
  /** Resolves with the first match of `pattern` in what it prints, once it has printed it. */
  waitForOutput: (pattern: RegExp) => Promise<RegExpMatchArray>
  stop: () => Promise<void>
}

export interface DeckOptions {
  /** On top of this process's environment, e.g. DOCKER_HOST for another engine. */
  env?: Record<string, string>
  /** After slidev's own, e.g. an entry file or `--remote`. */
  args?: string[]
}

/** Starts `slidev` and resolves once it prints its URL. */
export async function startDeck({ env = {}, args = [] }: DeckOptions = {}): Promise<Deck> {
  const port = await freePort()
  const child = spawn(resolve(ROOT, 'node_modules/.bin/slidev'), [
    '--open',
    'false',
    '--port',
    String(port),
    ...args,
  ], {
    cwd: ROOT,
    env: {
      ...process.env,
      VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const ready = new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer): void => {
      // CI=true makes Slidev colour its banner; the URL is only whole without the escape codes.
      log += stripVTControlCharacters(chunk.toString())
      if (log.includes(`localhost:${port}`))
        resolveReady()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', code => reject(new Error(`slidev exited (${code}) before it was ready:\n${log}`)))
  })
  await ready
  return {
    url: `http://localhost:${port}`,
    instance: env.TALK_INSTANCE ?? defaultInstance,
    process: child,
    output: () => log,
    waitForOutput: pattern => new Promise((resolveMatch, reject) => {
      const check = (): boolean => {
        const match = log.match(pattern)
        if (match)
          resolveMatch(match)
        return match !== null
      }
      if (check())
        return
      // Declarations, hoisted: the two listeners and their removal refer to each other.
      function off(): void {
        child.stdout!.off('data', onData)
        child.stderr!.off('data', onData)
        child.off('exit', onExit)
      }
      function onData(): void {
        if (check())
          off()
      }
      function onExit(): void {
        off()
        reject(new Error(`slidev exited before printing ${pattern}:\n${log}`))
      }
      // After startDeck's own listener, which appends to the log first.
      child.stdout!.on('data', onData)
      child.stderr!.on('data', onData)
      child.once('exit', onExit)
    }),
    stop: async () => {
      if (child.exitCode !== null)
        return
      const exited = once(child, 'exit')
      child.kill('SIGINT')
      await exited
    },
  }
}

/** How long a page waits for an element or a load before the test fails. */
const PAGE_WAIT_MS = 90_000

/**
 * In the page: Slidev mounts every slide in the background 3 s after a page loads (SlidesShow's
 * "preload all slides"), on the dev server as much CPU again as the page itself. No test needs it
 * (walk-slides visits every slide), so test pages skip it; the slides next to the current one still
 * preload. Matched by the callback's source, which only the dev server serves unminified.
 */
function skipPreloadAll(): void {
  const setTimeout = window.setTimeout
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) =>
    ms === 3000 && String(handler).includes('routes.forEach(preloadRoute)')
      ? 0
      : setTimeout(handler, ms, ...args)) as typeof window.setTimeout
}

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
  // browser.newPage opens its page in a context of its own, made here too.
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (options) => {
    // The wake lock Slidev asks for, granted as a speaker's Chrome grants it to a page on screen:
    // the headless shell denies it, which the page reports as an unhandled rejection.
    const context = await newContext({
      ...options,
      permissions: [
        ...options?.permissions ?? [],
        'screen-wake-lock',
      ],
    })
    // Every wait is for an event; the limit only ends a test that hangs. Playwright's 30 s default
    // is shorter than a first visit that compiles a slide on a loaded 2-core machine.
    context.setDefaultTimeout(PAGE_WAIT_MS)
    await context.addInitScript(skipPreloadAll)
    return context
  }
  return browser
}
