// The deck's one slide -> demos map: "next" means the next slide that shows demos, for the
// presenter toolbar and prewarm alike, and the rehearsal runs each demo once, at its first slide.
import { expect, it } from 'vitest'
import { demosAround, demosOn, nextDemoSlide, rehearsalOrder } from '../../shared/slide-demos'

const slides = [
  {
    no: 3,
    demos: ['hello'],
  },
  {
    no: 7,
    demos: ['ps', 'top'],
  },
  {
    no: 9,
    demos: ['hello', 'uid'],
  },
]

it('next is the next slide that shows demos, however many slides without any come between', () => {
  expect(demosOn(slides, 4)).toEqual([])
  expect(nextDemoSlide(slides, 3)).toEqual({
    no: 7,
    demos: ['ps', 'top'],
  })
  expect(nextDemoSlide(slides, 4)?.no).toBe(7)
  expect(nextDemoSlide(slides, 9)).toBeUndefined()
})

it('prewarm keeps the current slide\'s demos and the next demo slide\'s, each once, at most max', () => {
  expect(demosAround(slides, 3, 4)).toEqual(['hello', 'ps', 'top'])
  expect(demosAround(slides, 5, 4)).toEqual(['ps', 'top'])
  expect(demosAround(slides, 7, 2)).toEqual(['ps', 'top'])
  expect(demosAround(slides, 8, 4)).toEqual(['hello', 'uid'])
})

it('the rehearsal runs each demo once, at the first slide that shows it', () => {
  expect(rehearsalOrder(slides)).toEqual([
    { slide: 3, demo: 'hello' },
    { slide: 7, demo: 'ps' },
    { slide: 7, demo: 'top' },
    { slide: 9, demo: 'uid' },
  ])
})
