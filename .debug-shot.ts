import { launchChromium, startDeck } from '/work/wt/i19-steps/scripts/deck-process'
const deck = await startDeck()
const browser = await launchChromium()
try {
  const P = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await P.goto(`${deck.url}/presenter/a-cli-tour`)
  await P.locator('[data-demo="cli-tour"] [data-testid="presenter-status"]', { hasText: 'ready to run live' }).first().waitFor()
  const A = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  await A.goto(`${deck.url}/a-cli-tour`)
  await A.locator('[data-demo="cli-tour"] [data-testid="pace"]').waitFor()
  for (let i = 0; i < 7; i++) {
    await P.keyboard.press('ArrowRight')
    await A.locator('[data-demo="cli-tour"] [data-testid="pace"]', { hasText: `step ${i + 1} of 12 done` }).waitFor()
  }
  await A.screenshot({ path: '/tmp/i19-audience.png' })
  await P.screenshot({ path: '/tmp/i19-presenter.png' })
  const R = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  const no = (await import('/work/wt/i19-steps/tests/support/slides')).slideOf
  await R.goto(`${deck.url}/${await no('registry')}`)
  await R.locator('[data-demo="registry"] [data-testid="pace"]').waitFor()
  await R.screenshot({ path: '/tmp/i19-registry.png' })
}
finally {
  await browser.close()
  await deck.stop()
}
