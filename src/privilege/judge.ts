import { parseCondition } from './condition.js'
import type { Condition } from './condition.js'
import { judge } from './evaluate.js'
import type { ConditionRequest } from './evaluate.js'
import { grantorsOf, guidOf, UNCONDITIONED_ADVICE_ROLES } from './rights.js'
import type { HeldAssignment, RightsAt } from './rights.js'

/** One write or delete the step is about to make, with the attributes a condition sees. */
export interface PlannedChange {
  readonly action: string
  readonly scope: string
  readonly roleDefinitionId: string
  readonly principalId: string
  readonly principalType?: string
}

/** Why no condition of the identity's assignments allows a change. */
export interface Refusal {
  readonly change: PlannedChange
  /** The conditioned assignments that give the permission, all of which refuse the change. */
  readonly by: readonly HeldAssignment[]
}

export type ChangeVerdict =
  | { readonly kind: 'allowed'; readonly through: HeldAssignment | undefined }
  | { readonly kind: 'refused'; readonly refusal: Refusal }

function requestOf(change: PlannedChange): ConditionRequest {
  const attributes = {
    roleDefinitionId: change.roleDefinitionId,
    principalId: change.principalId,
    principalType: change.principalType
  }
  return change.action.endsWith('/delete')
    ? { action: change.action, resource: attributes }
    : { action: change.action, request: attributes }
}

/**
 * Pure: would Resource Manager let the identity make this change, as far as its own assignments tell? An
 * unconditioned grant allows it; otherwise some condition must (one it cannot read gives no verdict: allowed).
 * When no assignment it can see gives the permission (a role it could not read), Resource Manager decides.
 */
export function judgeChange(rights: RightsAt, change: PlannedChange): ChangeVerdict {
  const grantors = grantorsOf(rights, change.action)
  const open = grantors.find((held) => (held.assignment.condition ?? '').trim() === '')
  if (open !== undefined || grantors.length === 0) return { kind: 'allowed', through: open }
  // Without a known type Resource Manager finds it in the directory: refused only if refused whatever it is.
  const variants =
    change.principalType === undefined
      ? ['User', 'Group', 'ServicePrincipal'].map((principalType) => ({ ...change, principalType }))
      : [change]
  const verdicts = variants.flatMap((variant) =>
    grantors.map((held) => judge(held.assignment.condition ?? '', requestOf(variant)))
  )
  if (verdicts.some((verdict) => verdict !== 'refused')) return { kind: 'allowed', through: undefined }
  return { kind: 'refused', refusal: { change, by: grantors } }
}

/** Pure: the unconditioned Owner, User Access Administrator or RBAC Administrator a change goes through, if any. */
export function overPrivileged(verdict: ChangeVerdict): HeldAssignment | undefined {
  if (verdict.kind !== 'allowed' || verdict.through === undefined) return undefined
  const guid = guidOf(verdict.through.assignment.roleDefinitionId)
  return UNCONDITIONED_ADVICE_ROLES.includes(guid) ? verdict.through : undefined
}

/** What a condition allows for one attribute of the request (write) or resource (delete): the listed values. */
export function allowedValues(
  text: string,
  source: 'Request' | 'Resource',
  attribute: 'RoleDefinitionId' | 'PrincipalType' | 'PrincipalId'
): string[] {
  const found: string[] = []
  const walk = (node: Condition): void => {
    if (node.kind === 'and' || node.kind === 'or') {
      walk(node.left)
      walk(node.right)
    } else if (node.kind === 'not') walk(node.operand)
    else if (node.kind === 'compare' && node.source === source && node.attribute === attribute)
      found.push(...node.values)
  }
  const parsed = parseCondition(text)
  if (parsed !== undefined) walk(parsed)
  return [...new Set(found)]
}
