// How a recording's output is laid out on a printed slide: whole lines, each made of pieces that
// keep their stream (stderr stays red), and, for output no slide can hold, the head and the tail
// with a note of how many lines are left out. Pure, so the export test can use it too.
import { AnsiUp } from 'ansi_up'

export type PieceKind = 'stdout' | 'stderr' | 'step' | 'notice'
export interface Piece { kind: PieceKind, text: string }
export type PrintedLine = Piece[]

/** Two columns of 40 lines at the smallest readable size fill a slide's output area. */
export const MAX_PRINTED_LINES = 80

export function toLines(pieces: readonly Piece[]): PrintedLine[] {
  const lines: PrintedLine[] = [[]]
  for (const { kind, text } of pieces) {
    const parts = text.split('\n')
    parts.forEach((part, i) => {
      if (i > 0)
        lines.push([])
      if (part)
        lines.at(-1)!.push({ kind, text: part })
    })
  }
  if (lines.length > 1 && lines.at(-1)!.length === 0)
    lines.pop()
  return lines
}

export function elide(lines: PrintedLine[], max = MAX_PRINTED_LINES): PrintedLine[] {
  if (lines.length <= max)
    return lines
  const head = Math.ceil((max - 1) / 2)
  const tail = max - 1 - head
  const note: PrintedLine = [
    { kind: 'notice', text: `… ${lines.length - head - tail} lines not shown here (the recording keeps them) …` },
  ]
  return [
    ...lines.slice(0, head),
    note,
    ...lines.slice(lines.length - tail),
  ]
}

export type ColouredLine = (Piece & { html: string })[]

/**
 * Each piece as HTML in the colours its program wrote (ANSI SGR), text escaped by ansi_up. One
 * parser for all lines, so a colour set on one line carries on to the next, as on a terminal.
 */
export function withColours(lines: readonly PrintedLine[]): ColouredLine[] {
  const ansi = new AnsiUp()
  return lines.map(line => line.map(piece => ({
    ...piece,
    html: ansi.ansi_to_html(piece.text),
  })))
}
