import type { PrincipalResult, ResolvedPrincipal, ResolvedRole } from '../types.js'

export interface SummaryInput {
  readonly results: readonly (
    PrincipalResult | { readonly failed: string; readonly principal: ResolvedPrincipal }
  )[]
  readonly role: ResolvedRole
  readonly scope: string
  readonly dryRun: boolean
  readonly wait?: string
}

const cell = (text: string | undefined): string =>
  (text ?? '').replace(/\|/g, '\\|').replace(/\r\n?|\n/g, ' ')
const code = (text: string | undefined): string =>
  text === undefined || text === '' ? '' : `\`${cell(text)}\``

/** Pure: the job summary, as Markdown. */
export function renderSummary(input: SummaryInput): string {
  const title = input.dryRun
    ? '### Entra ID access for inference (dry run: nothing was changed)'
    : '### Entra ID access for inference'
  const rows = input.results.map((result) => {
    const { principal } = result
    const outcome = 'failed' in result ? `failed: ${cell(result.failed)}` : result.outcome
    return `| ${cell(principal.spec.raw)} | ${code(principal.objectId)} | ${cell(principal.type ?? 'unknown')} | ${cell(input.role.name)} | ${code(input.scope)} | ${outcome} |`
  })
  const lines = [
    title,
    '',
    '| Principal | Object ID | Type | Role | Scope | Result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows
  ]
  if (input.wait !== undefined) lines.push('', `**Propagation:** ${input.wait}`)
  return lines.join('\n') + '\n'
}
