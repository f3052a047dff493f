import * as core from '@actions/core'
import { Outputs, SCOPE_READ_CONCURRENCY } from '../constants.js'
import { readTargets } from '../grant/plan.js'
import { resolvePrincipals } from '../principals/principals.js'
import { joined, mapAll } from '../util/concurrency.js'
import { expectedId } from '../scopes/scopes.js'
import { writeSummary } from '../report/log.js'
import type { AzureSession } from '../session/session.js'
import type { ActionInputs, ResolvedPrincipal, Target } from '../types.js'
import { callersOf, opensModels, roleGuidOf } from './callers.js'
import { accountIdOf, warnWhileKeysWork } from './posture.js'
import { readNames, readScope } from './read.js'
import { createRoleJudge } from './roles.js'
import { renderAccessSummary } from './summary.js'
import { applyingAssignments, readGroups } from './memberships.js'
import type { AccessReport, ScopeReport } from './types.js'
import { verdictOf } from './verdict.js'

/**
 * mode: report: who can call the endpoint at every scope the inputs name, whether each `principal` can, and whether
 * the account still takes API keys. Reads only (no PUT, no DELETE); fails only when something cannot be read.
 */
export async function reportAccess(
  inputs: ActionInputs,
  session: AzureSession,
  now: Date = new Date()
): Promise<AccessReport> {
  // Every read needs only what the inputs give: the scopes, their lists and the principals go out together.
  const scopeIds = inputs.scopes.map((scope) => expectedId(scope, session.subscriptionId))
  const targets = readTargets(inputs, session)
  targets.catch(() => undefined)
  const resolving = resolvePrincipals(inputs.principals, {
    self: session.self,
    graph: session.graph,
    resources: session.resources,
    principalType: inputs.principalType
  })
  const [readings, principals, groups] = await joined(
    mapAll(scopeIds, SCOPE_READ_CONCURRENCY, (scope, index) =>
      readScope(
        session.arm,
        scope,
        targets.then((read) => read[index] as Target)
      )
    ),
    resolving,
    resolving.then((resolved) => readGroups(session.graph, resolved))
  )
  const judge = createRoleJudge(session.arm)
  const [applying, rolesByScope] = await Promise.all([
    applyingAssignments(session.arm, readings, principals, groups),
    mapAll(readings, SCOPE_READ_CONCURRENCY, (reading) =>
      judge.judge(
        reading.target.id,
        reading.assignments.map((a) => roleGuidOf(a.roleDefinitionId))
      )
    )
  ])
  const callerIds = readings.flatMap((reading, s) =>
    reading.assignments.filter((a) => opensModels(a, rolesByScope[s] ?? new Map())).map((a) => a.principalId)
  )
  const names = await readNames(session.graph, callerIds)
  const scopes: ScopeReport[] = readings.map((reading, s) => {
    const roles = rolesByScope[s] ?? new Map()
    const { target } = reading
    return {
      scope: target.id,
      kind: target.kind,
      name: target.name,
      callers: callersOf(reading.assignments, target.id, roles, names, now),
      principals: principals.map((principal, p) =>
        verdictOf({
          principal,
          scope: target.id,
          applying: applying[s]?.[p] ?? [],
          roles,
          names,
          denies: reading.denies ?? []
        })
      ),
      posture: reading.posture,
      denyAssignmentsRead: reading.denies !== undefined
    }
  })
  const report: AccessReport = { changed: false, scopes }
  announce(report)
  setReportOutputs(report, principals)
  await writeSummary(renderAccessSummary(report))
  return report
}

function announce(report: AccessReport): void {
  const warned = new Set<string>()
  for (const scope of report.scopes) {
    const direct = scope.callers.filter((caller) => !caller.inherited).length
    core.info(
      `${scope.name}: ${scope.callers.length} role assignments can call models (${direct} at the ${scope.kind}, ${scope.callers.length - direct} inherited); API keys ${scope.posture.localAuth}.`
    )
    for (const verdict of scope.principals) {
      const via = verdict.through.map(
        (t) =>
          `${t.role}${t.group === undefined ? '' : ` through group ${t.group.displayName ?? t.group.objectId}`}`
      )
      core.info(
        `${verdict.principal} (${verdict.objectId}): ${verdict.result} at ${scope.name}${via.length > 0 ? ` — ${via.join(', ')}` : ''}${verdict.reason === undefined ? '' : ` (${verdict.reason})`}`
      )
    }
    // One warning per account, even when its projects are reported too.
    const account = accountIdOf(scope.scope).toLowerCase()
    if (!warned.has(account)) warnWhileKeysWork(scope.name, scope.scope, scope.posture)
    warned.add(account)
  }
}

/** The outputs of a report: nothing changed; the principals' object IDs; per scope and principal, the first granting assignment. */
function setReportOutputs(report: AccessReport, principals: readonly ResolvedPrincipal[]): void {
  core.setOutput(Outputs.PrincipalIds, principals.map((principal) => principal.objectId).join('\n'))
  core.setOutput(Outputs.RoleDefinitionId, '')
  core.setOutput(
    Outputs.RoleAssignmentIds,
    report.scopes.flatMap((scope) => scope.principals.map((v) => v.through[0]?.assignmentId ?? '')).join('\n')
  )
  core.setOutput(Outputs.Changed, 'false')
  core.setOutput(Outputs.PropagationSeconds, '')
  core.setOutput(Outputs.Result, JSON.stringify(report))
}
