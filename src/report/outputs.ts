import * as core from '@actions/core'
import { Outputs } from '../constants.js'
import { resultDocument } from './result.js'
import type { GrantResult, ResolvedPrincipal, ScopePlan, Target, WaitReport } from '../types.js'

/** Set as soon as the scopes are read, so even a run that fails later names what it was about. */
export function setTargetOutputs(targets: readonly Target[]): void {
  core.setOutput(Outputs.ResourceId, targets.map((target) => target.id).join('\n'))
  core.setOutput(Outputs.Endpoint, targets.map((target) => target.endpoint ?? '').join('\n'))
  core.setOutput(
    Outputs.InferenceEndpoint,
    targets.map((target) => target.inferenceEndpoint ?? '').join('\n')
  )
}

/**
 * Results scope by scope, each in input order. Every principal was resolved, so its object ID is known; a principal
 * whose assignment failed leaves an empty line in role-assignment-ids, so lines still match the input.
 */
export function setResultOutputs(
  scopes: readonly ScopePlan[],
  principals: readonly ResolvedPrincipal[],
  results: readonly GrantResult[]
): void {
  core.setOutput(Outputs.RoleDefinitionId, [...new Set(scopes.map((scope) => scope.role.id))].join('\n'))
  core.setOutput(Outputs.PrincipalIds, principals.map((principal) => principal.objectId).join('\n'))
  core.setOutput(Outputs.RoleAssignmentIds, results.map((result) => result.assignmentId ?? '').join('\n'))
  const changed = results.some((result) => result.outcome === 'created' || result.outcome === 'removed')
  core.setOutput(Outputs.Changed, String(changed))
}

/** The whole outcome as JSON, scope by scope (with each scope's wait): set last, whatever the wait found. */
export function setResultOutput(results: readonly GrantResult[], wait: WaitReport | undefined): void {
  core.setOutput(Outputs.Result, JSON.stringify(resultDocument(results, wait)))
}

/** Empty without a wait; not set at all when the wait failed (the step fails). */
export function setWaitOutputs(wait: (WaitReport & { error?: unknown }) | undefined): void {
  if (wait?.error !== undefined) return
  core.setOutput(Outputs.PropagationSeconds, wait?.seconds === undefined ? '' : wait.seconds.toFixed(1))
}
