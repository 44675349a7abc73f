// What an e2e file runs against: a deck and a headless Chromium, there from before its first test
// to after its last (the hooks are registered by the call). Read them inside tests only: the
// getters throw before the file's beforeAll has run.
import type { Browser, Page } from 'playwright-chromium'
import type { Deck, DeckOptions } from '../../scripts/deck-process'
import type { SharedDeck } from './sharedDeck'
import { afterAll, afterEach, beforeAll, inject } from 'vitest'
import { launchChromium, startDeck } from '../../scripts/deck-process'

export interface BrowserUnderTest {
  readonly browser: Browser
}

export interface DeckUnderTest extends BrowserUnderTest {
  /** http://localhost:<port> */
  readonly url: string
  /** The deck's TALK_INSTANCE: engine checks look at this deck's objects only. */
  readonly instance: string
}

export interface OwnDeckUnderTest extends DeckUnderTest {
  /** What slidev has printed so far. */
  output: () => string
  waitForOutput: (pattern: RegExp) => Promise<RegExpMatchArray>
}

/**
 * With no options: the deck the whole e2e run shares (sharedDeck.ts), started with the default
 * environment. Other files' tests have used it before: a demo may show an earlier run, and
 * another demo's container may be prewarmed. With options: a deck of this file's own.
 */
export function useDeck(): DeckUnderTest
export function useDeck(options: DeckOptions): OwnDeckUnderTest
export function useDeck(options?: DeckOptions): DeckUnderTest | OwnDeckUnderTest {
  let deck: Deck | SharedDeck | undefined
  const chromium = withChromium({
    start: async () => {
      deck = options
        ? await startDeck(options)
        : inject('sharedDeck')
    },
    // The shared deck outlives the file: sharedDeck.ts stops it after the run.
    stop: async () => {
      if (deck && 'stop' in deck)
        await deck.stop()
    },
  })
  const started = (): Deck | SharedDeck => deck ?? notYet()
  return {
    get browser() { return chromium.browser },
    get url() { return started().url },
    get instance() { return started().instance },
    output: () => (started() as Deck).output(),
    waitForOutput: pattern => (started() as Deck).waitForOutput(pattern),
  }
}

/** A Chromium alone, for a file that serves the deck some other way. */
export function useBrowser(): BrowserUnderTest {
  return withChromium()
}

/** Launches Chromium while `server` starts, and closes it before the server stops. */
function withChromium(server?: { start: () => Promise<void>, stop: () => Promise<void> }): BrowserUnderTest {
  let browser: Browser | undefined
  beforeAll(async () => {
    // Both to the end before failing: whatever did start is then there for afterAll to stop.
    const results = await Promise.allSettled([
      launchChromium().then((b) => { browser = b }),
      server?.start(),
    ])
    for (const r of results) {
      if (r.status === 'rejected')
        throw r.reason
    }
  })
  // A test's pages go with it: one left open keeps its streams, timers and renders going under the next.
  afterEach(async () => {
    await Promise.all(browser?.contexts().map(c => c.close()) ?? [])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return {
    get browser() { return browser ?? notYet() },
  }
}

function notYet(): never {
  throw new Error('the deck and browser of useDeck()/useBrowser() are there only inside tests (after beforeAll)')
}

/** Opens `path` of the deck in a new page; the page's errors go into `errors`, with the path. */
export async function openPage(deck: DeckUnderTest, path: string, errors: string[]): Promise<Page> {
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 800 },
  })
  page.on('pageerror', e => errors.push(`${path}: ${e.message}`))
  await page.goto(`${deck.url}${path}`)
  return page
}
