// globalSetup of the e2e project: one deck for every file that needs no deck of its own (useDeck()),
// started as `npm run dev -- --audience` is: with the audience's listener beside it. A slidev
// start and Vite's first compile of the deck cost tens of seconds each; paid once per run instead
// of once per file.
import type { TestProject } from 'vitest/node'
import { startDeck } from '../../scripts/deck-process'
import { instance } from '../../shared/labels'

export interface SharedDeck {
  url: string
  instance: string
  /** Where the audience's listener serves the built deck, as the deck printed it ('' when it found no address beyond loopback). */
  audienceUrl: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedDeck: SharedDeck
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // An instance label of its own: files that start a deck of their own on this engine (or
  // `npm start`, `npm run export`) sweep their instance's objects at start and at exit, which
  // would take this deck's prewarmed containers from under it while it still counts on them.
  const deck = await startDeck({
    env: { TALK_INSTANCE: `${instance}-shared`, TALK_AUDIENCE: '1', AUDIENCE_PORT: '0' },
  })
  // The listener opens once the audience's deck is built: a minute or more when the deck changed
  // since the last build (npm test builds it ahead, scripts/built-decks.ts).
  const [, shared] = await deck.waitForOutput(/audience: share (.*): the built deck/)
  const audienceUrl = /http:\/\/[\d.]+:\d+/.exec(shared!)?.[0] ?? ''
  project.provide('sharedDeck', { url: deck.url, instance: deck.instance, audienceUrl })
  return deck.stop
}
