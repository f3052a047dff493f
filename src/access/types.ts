import type { PrincipalType } from '../types.js'

/** A role as the report names it: its name and its role definition resource ID. */
export interface RoleRef {
  readonly name: string
  readonly id: string
}

/** One role assignment at or above a scope whose role can call models there. */
export interface Caller {
  readonly objectId: string
  /** As Resource Manager recorded it: `User`, `Group`, `ServicePrincipal`, ... */
  readonly type?: string
  /** From Microsoft Graph; left out when the directory may not be read. */
  readonly displayName?: string
  readonly role: RoleRef
  /** The scope of the assignment: this scope, its account, resource group, subscription, a management group or `/`. */
  readonly assignedAt: string
  /** Assigned above this scope (inherited from the account, resource group, subscription, ...). */
  readonly inherited: boolean
  /** For a grant marked `temporary until <UTC>` in its description. */
  readonly temporaryUntil?: string
  /** Whether that time has passed (the grant still works until someone removes it: `mode: sweep`). */
  readonly expired?: boolean
  /** It carries an ABAC condition, which the report does not evaluate. */
  readonly conditional?: true
  readonly assignmentId: string
}

/** One assignment through which a principal can call the endpoint. */
export interface Through {
  readonly assignmentId: string
  readonly role: string
  readonly assignedAt: string
  /** The group it comes through, when the assignment is to a group the principal belongs to. */
  readonly group?: { readonly objectId: string; readonly displayName?: string }
  readonly conditional?: true
}

export type VerdictResult = 'can call' | 'cannot call'

/** The answer for one `principal` line at one scope. */
export interface Verdict {
  readonly principal: string
  readonly objectId: string
  readonly type?: PrincipalType
  readonly result: VerdictResult
  readonly through: readonly Through[]
  /** Why not, in one sentence, for `cannot call`. */
  readonly reason?: string
}

/** Whether the account is keyless and reachable; for a project, its account's. */
export interface Posture {
  readonly localAuth: 'enabled' | 'disabled'
  readonly publicNetworkAccess?: string
  readonly customSubDomain?: string
}

export interface ScopeReport {
  readonly scope: string
  readonly kind: 'account' | 'project'
  readonly name: string
  readonly callers: readonly Caller[]
  readonly principals: readonly Verdict[]
  readonly posture: Posture
  /** False when Resource Manager would not list the deny assignments (403): verdicts then ignore them. */
  readonly denyAssignmentsRead: boolean
}

/** The `result` output of `mode: report`. */
export interface AccessReport {
  readonly changed: false
  readonly scopes: readonly ScopeReport[]
}
