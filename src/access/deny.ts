import { actionMatches } from '../roles/roles.js'
import type { DenyAssignmentResource } from '../azure/arm.js'

/** The object ID a deny assignment uses for everyone. */
export const EVERYONE = '00000000-0000-0000-0000-000000000000'

/** What a call to a model needs: a chat completion on an OpenAI deployment, or on any other model (MaaS). */
export const INFERENCE_DATA_ACTIONS = [
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action',
  'Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action'
]

const trimmed = (scope: string): string => scope.replace(/\/+$/, '').toLowerCase()

const takes = (deny: DenyAssignmentResource, action: string): boolean =>
  deny.dataActions.some((pattern) => actionMatches(pattern, action)) &&
  !deny.notDataActions.some((pattern) => actionMatches(pattern, action))

/**
 * Pure: the deny assignment that keeps these identities (a principal and the groups it holds grants through) from
 * calling models at the scope, if any: one that reaches the scope, applies to one of them (or everyone) without
 * excluding any of them, and takes away every inference data action.
 */
export function denyingAssignment(
  denies: readonly DenyAssignmentResource[],
  scope: string,
  identities: readonly string[]
): DenyAssignmentResource | undefined {
  const ids = new Set(identities.map((id) => id.toLowerCase()))
  return denies.find((deny) => {
    if (deny.doNotApplyToChildScopes && trimmed(deny.scope) !== trimmed(scope)) return false
    const applies = deny.principalIds.some((id) => id === EVERYONE || ids.has(id))
    const excluded = deny.excludePrincipalIds.some((id) => ids.has(id))
    return applies && !excluded && INFERENCE_DATA_ACTIONS.every((action) => takes(deny, action))
  })
}
