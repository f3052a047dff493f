import * as core from '@actions/core'
import { Outputs } from '../constants.js'
import type { Account, PrincipalResult, ResolvedPrincipal, ResolvedRole } from '../types.js'

export function setAccountOutputs(account: Account): void {
  core.setOutput(Outputs.ResourceId, account.id)
  core.setOutput(Outputs.Endpoint, account.endpoint ?? '')
  core.setOutput(Outputs.InferenceEndpoint, account.inferenceEndpoint ?? '')
}

/**
 * Results in input order. Every principal was resolved, so its object ID is known; a principal whose assignment
 * failed leaves an empty line in role-assignment-ids, so lines still match the input.
 */
export function setResultOutputs(
  role: ResolvedRole,
  principals: readonly ResolvedPrincipal[],
  results: readonly (PrincipalResult | undefined)[]
): void {
  core.setOutput(Outputs.RoleDefinitionId, role.id)
  core.setOutput(Outputs.PrincipalIds, principals.map((principal) => principal.objectId).join('\n'))
  core.setOutput(Outputs.RoleAssignmentIds, results.map((result) => result?.assignmentId ?? '').join('\n'))
  const changed = results.some((result) => result?.outcome === 'created' || result?.outcome === 'removed')
  core.setOutput(Outputs.Changed, String(changed))
}
