// Plain-text tables for a terminal or a CI log: numbers right-aligned, everything else left-aligned.
import type { Table } from './types.js'

const NUMERIC = /^[-+]?[\d.,]+( ?(s|ms|MB|×|%))?( (PASS|FAIL))?$/

export function renderTable(table: Table): string {
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...table.rows.map((row) => (row[index] ?? '').length))
  )
  const line = (cells: readonly string[], header: boolean): string =>
    `| ${widths
      .map((width, index) => {
        const cell = cells[index] ?? ''
        return !header && index > 0 && NUMERIC.test(cell) ? cell.padStart(width) : cell.padEnd(width)
      })
      .join(' | ')} |`
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`
  const notes = (table.notes ?? []).map((note) => `  ${note}`)
  return [
    table.title,
    line(table.columns, true),
    rule,
    ...table.rows.map((row) => line(row, false)),
    ...notes
  ].join('\n')
}
