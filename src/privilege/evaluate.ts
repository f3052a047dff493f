import * as core from '@actions/core'
import { actionMatches } from '../roles/roles.js'
import { parseCondition } from './condition.js'
import type { Attribute, Condition, Operator } from './condition.js'

/** The attributes of one role assignment, as a condition sees them (the role by its GUID). */
export interface AssignmentAttributes {
  readonly roleDefinitionId: string
  readonly principalId: string
  readonly principalType?: string
}

/** One request a condition is asked about: a write carries @Request attributes, a delete @Resource ones. */
export interface ConditionRequest {
  readonly action: string
  readonly request?: AssignmentAttributes
  readonly resource?: AssignmentAttributes
}

export type Verdict = 'allowed' | 'refused' | 'unknown'

const guidOf = (id: string): string => (id.split('/').pop() ?? id).toLowerCase()

function valuesOf(attributes: AssignmentAttributes | undefined, attribute: Attribute): string[] {
  if (attributes === undefined) return []
  const value =
    attribute === 'RoleDefinitionId'
      ? guidOf(attributes.roleDefinitionId)
      : attribute === 'PrincipalId'
        ? attributes.principalId
        : attributes.principalType
  return value === undefined ? [] : [value]
}

function compare(operator: Operator, left: string, right: string): boolean {
  switch (operator) {
    case 'GuidEquals':
    case 'StringEqualsIgnoreCase':
      return left.toLowerCase() === right.toLowerCase()
    case 'GuidNotEquals':
    case 'StringNotEqualsIgnoreCase':
      return left.toLowerCase() !== right.toLowerCase()
    case 'StringEquals':
      return left === right
    case 'StringNotEquals':
      return left !== right
  }
}

/**
 * Pure: does the condition allow this request? Quantifiers as Azure defines them (any/all of the attribute's values
 * against any/all of the listed ones); without one, the single value against any listed. An attribute the request
 * does not carry has no values: `ForAny...` is false over it, `ForAll...` true.
 */
export function evaluate(condition: Condition, request: ConditionRequest): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluate(condition.left, request) && evaluate(condition.right, request)
    case 'or':
      return evaluate(condition.left, request) || evaluate(condition.right, request)
    case 'not':
      return !evaluate(condition.operand, request)
    case 'action':
      return actionMatches(condition.pattern, request.action)
    case 'compare': {
      const source = condition.source === 'Request' ? request.request : request.resource
      const left = valuesOf(source, condition.attribute)
      const test = (l: string, r: string): boolean => compare(condition.operator, l, r)
      const rights = condition.values
      switch (condition.quantifier ?? 'ForAnyOfAnyValues') {
        case 'ForAnyOfAnyValues':
          return left.some((l) => rights.some((r) => test(l, r)))
        case 'ForAnyOfAllValues':
          return left.some((l) => rights.every((r) => test(l, r)))
        case 'ForAllOfAnyValues':
          return left.every((l) => rights.some((r) => test(l, r)))
        case 'ForAllOfAllValues':
          return left.every((l) => rights.every((r) => test(l, r)))
      }
    }
  }
  return false
}

/**
 * The verdict of a condition's text on a request: `unknown` (and a debug line) when the action cannot read it, so
 * that Resource Manager decides.
 */
export function judge(text: string, request: ConditionRequest): Verdict {
  const condition = parseCondition(text)
  if (condition === undefined) {
    core.debug(`An ABAC condition in a form this action does not read; Resource Manager decides: ${text}`)
    return 'unknown'
  }
  return evaluate(condition, request) ? 'allowed' : 'refused'
}
