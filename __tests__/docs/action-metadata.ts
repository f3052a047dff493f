// action.yml as the docs tests read it, and the Markdown tables of the README.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface ActionInput {
  readonly description?: unknown
  readonly required?: unknown
  readonly default?: unknown
}

export interface ActionMetadata {
  readonly name?: unknown
  readonly description?: unknown
  readonly branding?: { readonly icon?: unknown; readonly color?: unknown }
  readonly inputs: Readonly<Record<string, ActionInput>>
  readonly outputs: Readonly<Record<string, { readonly description?: unknown }>>
  readonly runs?: { readonly using?: unknown; readonly main?: unknown; readonly post?: unknown }
}

export function readAction(): ActionMetadata {
  const parsed = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Partial<ActionMetadata> | null
  return { ...parsed, inputs: parsed?.inputs ?? {}, outputs: parsed?.outputs ?? {} }
}

/** Cells of a Markdown table row, split on pipes that are not escaped, with escapes and padding removed. */
export function tableCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\([\\|<>*_`[\]])/g, '$1'))
}

/** The rows of the first table after the heading `## <title>`, as objects keyed by the header's cells. */
export function tableAfter(markdown: string, title: string): Record<string, string>[] {
  const lines = markdown.split(/\r?\n/)
  const start = lines.findIndex((line) => line.trim() === `## ${title}`)
  if (start < 0) return []
  const next = lines.findIndex((line, index) => index > start && /^##? /.test(line))
  const section = lines.slice(start + 1, next < 0 ? undefined : next)
  const first = section.findIndex((line) => line.trim().startsWith('|'))
  if (first < 0) return []
  const table: string[] = []
  for (const line of section.slice(first)) {
    if (!line.trim().startsWith('|')) break
    table.push(line)
  }
  const [header, , ...rows] = table
  const keys = tableCells(header ?? '').map((key) => key.toLowerCase())
  return rows.map((row) => {
    const cells = tableCells(row)
    return Object.fromEntries(keys.map((key, index) => [key, cells[index] ?? '']))
  })
}

/** `code` → code: the README shows names and defaults as code. */
export const unquote = (cell: string): string => cell.replace(/^`(.*)`$/, '$1')
