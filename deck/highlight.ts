import type { Demo } from '../demos/types'
// Every catalog CLI line highlighted at build time with shiki, in the deck's code themes
// (setup/shiki.ts): `virtual:cli-highlight` maps a line to its tokens, each with its colour in
// both themes, and the slide colours the line as it shows it (split with ` \`, see cli-lines.ts).
import { createHighlighter } from 'shiki'
import { CODE_THEMES } from '../setup/shiki'

/** A token of a line: its text and its colour in the light and the dark theme. */
export type Token = [text: string, light: string, dark: string]

export async function highlightCli(demos: readonly Demo[]): Promise<Record<string, Token[]>> {
  const highlighter = await createHighlighter({
    themes: Object.values(CODE_THEMES),
    langs: ['shellscript'],
  })
  try {
    const lines = [
      ...new Set(demos.flatMap(d => d.steps.map(s => s.cli))),
    ]
    return Object.fromEntries(lines.map((line) => {
      const { tokens } = highlighter.codeToTokens(line, { lang: 'shellscript', themes: CODE_THEMES, defaultColor: false })
      return [
        line,
        tokens.flat().map((t): Token => [t.content, t.htmlStyle?.['--shiki-light'] ?? '', t.htmlStyle?.['--shiki-dark'] ?? '']),
      ]
    }))
  }
  finally {
    highlighter.dispose()
  }
}

export interface Segment { text: string, light?: string, dark?: string }

/**
 * The line as shown (`shown`: split with ` \` and indented) in the colours of the line as it runs
 * (`tokens`): each character takes its token's colour; what the split added stays plain.
 */
export function colourShown(shown: string, tokens: readonly Token[]): Segment[] {
  const chars = tokens.flatMap(([text, light, dark]) => [...text].map(c => ({ c, light, dark })))
  const segments: Segment[] = []
  let j = 0
  for (const c of shown) {
    const from = chars[j]?.c === c
      ? chars[j++]
      : undefined
    const last = segments.at(-1)
    if (last && last.light === from?.light && last.dark === from?.dark) {
      last.text += c
    }
    else {
      segments.push(from
        ? { text: c, light: from.light, dark: from.dark }
        : { text: c })
    }
  }
  return segments
}
