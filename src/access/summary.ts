import type { AccessReport, Caller, Posture, ScopeReport, Verdict } from './types.js'

const cell = (text: string | undefined): string =>
  (text ?? '').replace(/\|/g, '\\|').replace(/\r\n?|\n/g, ' ')
const code = (text: string | undefined): string =>
  text === undefined || text === '' ? '' : `\`${cell(text)}\``

/** Where an assignment is, said the short way: this scope, or the level above it. */
function level(assignedAt: string, scope: string): string {
  const at = assignedAt.replace(/\/+$/, '')
  if (at.toLowerCase() === scope.toLowerCase()) return 'this scope'
  if (at === '') return 'root (/)'
  if (/\/managementGroups\/[^/]+$/i.test(at)) return `management group ${at.split('/').pop() ?? ''}`
  if (/^\/subscriptions\/[^/]+$/i.test(at)) return 'subscription'
  if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(at)) return 'resource group'
  if (/\/accounts\/[^/]+$/i.test(at)) return 'account'
  return at
}

function temporary(caller: Caller): string {
  if (caller.temporaryUntil === undefined) return ''
  return caller.expired === true
    ? `until ${caller.temporaryUntil} (expired)`
    : `until ${caller.temporaryUntil}`
}

function callerRow(caller: Caller, scope: string): string {
  const who =
    caller.displayName === undefined
      ? code(caller.objectId)
      : `${cell(caller.displayName)} ${code(caller.objectId)}`
  const notes = [
    temporary(caller),
    caller.conditional === true ? 'ABAC condition (not evaluated)' : ''
  ].filter((n) => n !== '')
  return `| ${who} | ${cell(caller.type ?? 'unknown')} | ${cell(caller.role.name)} | ${level(caller.assignedAt, scope)}${caller.inherited ? ' (inherited)' : ''} | ${cell(notes.join('; '))} |`
}

function verdictRow(verdict: Verdict, scope: string): string {
  const through = verdict.through
    .map(
      (t) =>
        `${cell(t.role)} at ${level(t.assignedAt, scope)}${t.group === undefined ? '' : ` through group ${cell(t.group.displayName ?? t.group.objectId)}`}`
    )
    .join('<br>')
  const result = verdict.result === 'can call' ? '**can call**' : 'cannot call'
  const why = through !== '' ? through : cell(verdict.reason)
  return `| ${cell(verdict.principal)} | ${code(verdict.objectId)} | ${result} | ${why} |`
}

function postureLine(posture: Posture): string {
  const keys =
    posture.localAuth === 'disabled'
      ? 'API keys disabled (Entra ID only)'
      : '**API keys enabled**: callers can bypass Entra ID'
  return `**Posture:** ${keys}; public network access ${posture.publicNetworkAccess ?? 'unknown'}; custom subdomain ${posture.customSubDomain === undefined ? 'none' : code(posture.customSubDomain)}`
}

function section(scope: ScopeReport): string[] {
  const lines = [`#### ${cell(scope.name)} (${scope.kind}) ${code(scope.scope)}`, '']
  if (scope.callers.length === 0) lines.push('No role assignment at or above this scope can call models.')
  else {
    lines.push('| Caller | Type | Role | Assigned at | Temporary |', '| --- | --- | --- | --- | --- |')
    lines.push(...scope.callers.map((caller) => callerRow(caller, scope.scope)))
  }
  if (scope.principals.length > 0) {
    lines.push(
      '',
      '| Principal | Object ID | Verdict | Through |',
      '| --- | --- | --- | --- |',
      ...scope.principals.map((verdict) => verdictRow(verdict, scope.scope))
    )
  }
  lines.push('', postureLine(scope.posture))
  if (!scope.denyAssignmentsRead)
    lines.push('', 'Deny assignments could not be read (403): the verdicts leave them out.')
  return lines
}

/** Pure: the job summary of mode: report, as Markdown: per scope the callers, the verdicts and the posture. */
export function renderAccessSummary(report: AccessReport): string {
  const lines = ['### Who can call the model (access report: nothing was changed)']
  for (const scope of report.scopes) lines.push('', ...section(scope))
  return lines.join('\n') + '\n'
}
