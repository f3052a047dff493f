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

/** Pure: the job summary, as Markdown. */
export function renderSummary(input: SummaryInput): string {
  const title = input.dryRun
    ? '### Entra ID access for inference (dry run: nothing was changed)'
    : '### Entra ID access for inference'
  const lines = [
    title,
    '',
    '| Principal | Object ID | Type | Role | Scope | Result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...input.results.map(row)
  ]
  if (input.wait !== undefined) lines.push('', `**Propagation:** ${input.wait}`)
  return lines.join('\n') + '\n'
}
