import type { GrantResult } from '../types.js'

export interface SummaryInput {
  readonly results: readonly GrantResult[]
  readonly dryRun: boolean
  readonly wait?: string
}

const cell = (text: string | undefined): string =>
  (text ?? '').replace(/\|/g, '\\|').replace(/\r\n?|\n/g, ' ')
const code = (text: string | undefined): string =>
  text === undefined || text === '' ? '' : `\`${cell(text)}\``

function row(result: GrantResult): string {
  const { principal } = result
  const outcome = result.outcome === 'failed' ? `failed: ${cell(result.error)}` : result.outcome
  return `| ${cell(principal.spec.raw)} | ${code(principal.objectId)} | ${cell(principal.type ?? 'unknown')} | ${cell(result.role.name)} | ${code(result.target.id)} | ${outcome} |`
}

/** With several scopes, the scope comes first, named once at the head of its rows. */
function groupedRow(result: GrantResult, index: number, results: readonly GrantResult[]): string {
  const { principal, target } = result
  const first = index === 0 || results[index - 1]?.target.id !== target.id
  const scope = first ? `**${cell(target.name)}** (${target.kind}) ${code(target.id)}` : ''
  const outcome = result.outcome === 'failed' ? `failed: ${cell(result.error)}` : result.outcome
  return `| ${scope} | ${cell(principal.spec.raw)} | ${code(principal.objectId)} | ${cell(principal.type ?? 'unknown')} | ${cell(result.role.name)} | ${outcome} |`
}

function table(results: readonly GrantResult[]): string[] {
  if (new Set(results.map((result) => result.target.id)).size <= 1) {
    return [
      '| Principal | Object ID | Type | Role | Scope | Result |',
      '| --- | --- | --- | --- | --- | --- |',
      ...results.map(row)
    ]
  }
  return [
    '| Scope | Principal | Object ID | Type | Role | Result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(groupedRow)
  ]
}

/** Pure: the job summary, as Markdown: one table, grouped by scope when there are several. */
export function renderSummary(input: SummaryInput): string {
  const title = input.dryRun
    ? '### Entra ID access for inference (dry run: nothing was changed)'
    : '### Entra ID access for inference'
  const lines = [title, '', ...table(input.results)]
  if (input.wait !== undefined) lines.push('', `**Propagation:** ${input.wait}`)
  return lines.join('\n') + '\n'
}
