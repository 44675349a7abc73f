// Builds the audience's copy of the deck ahead (server/audience/deck-build.ts), so that a deck started
// with the audience's listener opens it at once: npm test runs it while the talk's tests wait on
// Docker 28, before the browser tests' deck starts.
import { ensureAudienceDeck } from '../server/audience/deck-build'

await ensureAudienceDeck()
