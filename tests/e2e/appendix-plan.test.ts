import type { Page } from 'playwright-chromium'
// On stage: a deeper link jumps into the appendix and its back button returns to the slide the
// talk left; the presenter's toolbar shows the section's planned window against Slidev's timer.
import { expect, it } from 'vitest'
import { deckSlides } from '../support/slides'
import { openPage, useDeck } from '../support/useDeck'

const deck = useDeck()
const errors: string[] = []

const open = (path: string): Promise<Page> => openPage(deck, path, errors)

const slideNo = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __slidev__: { nav: { currentSlideNo: number } } }).__slidev__.nav.currentSlideNo)

it('a deeper link jumps to its appendix slide, whose back button returns to the slide it came from', async () => {
  const slides = await deckSlides()
  const from = slides.find(s => s.content.includes('<Deeper to="a-image-tag'))!
  const target = slides.find(s => s.routeAlias === 'a-image-tag')!
  const closing = slides.find(s => s.routeAlias === 'closing')!
  expect(target.no).toBeGreaterThan(closing.no)

  const page = await open(`/${from.no}`)
  await page.locator(`.slidev-page-${from.no} [data-appendix="a-image-tag"]`).click({ timeout: 90_000 })
  await expect.poll(() => slideNo(page), { timeout: 30_000 }).toBe(target.no)
  // On to another appendix slide through the index; back still returns to the main track.
  const back = page.locator(`.slidev-page-${target.no} [data-testid="appendix-back"]`)
  await expect.poll(() => back.textContent(), { timeout: 30_000 }).toContain(`back to slide ${from.no}`)
  await back.click()
  await expect.poll(() => slideNo(page), { timeout: 30_000 }).toBe(from.no)
  expect(errors).toEqual([])
})

it('the presenter sees the section\'s planned window, then how far ahead the talk is once the timer runs', async () => {
  const slides = await deckSlides()
  const images = slides.find(s => s.routeAlias === 'images')!
  const before = slides.filter(s => s.no < images.no && s.minutes).reduce((n, s) => n + s.minutes!, 0)
  const presenter = await open(`/presenter/${images.no}`)
  // The presenter window draws its navigation controls in more than one place.
  const plan = presenter.locator('[data-testid="plan-status"]').first()
  await expect.poll(() => plan.textContent(), { timeout: 30_000 }).toContain(`Images ${before}:00–${before + images.minutes!}:00 · start the timer`)

  // Slidev's own timer, started with its play button (shown on hover; clicked directly here).
  await presenter.locator('.i-carbon\\:play').first().locator('..').dispatchEvent('click')
  // Seconds into the talk, the plan expects the Images section minutes later: ahead.
  await expect.poll(() => plan.getAttribute('class'), { timeout: 30_000 }).toContain('ahead')
  expect(await plan.textContent()).toMatch(/\d+:\d\d ahead/)

  const appendix = slides.find(s => s.routeAlias === 'appendix')!
  await presenter.goto(`${deck.url}/presenter/${appendix.no + 1}`)
  await expect.poll(() => presenter.locator('[data-testid="plan-status"]').first().textContent(), { timeout: 30_000 }).toContain('appendix: off plan')
  // The deck is shared with other test files: its timer goes back to stopped.
  await presenter.locator('.i-carbon\\:renew').first().locator('..').dispatchEvent('click')
  expect(errors).toEqual([])
})
