import type { GrantResult, Target, WaitOutcomeAt, WaitReport } from '../types.js'

/** One principal at one scope, as the `result` output gives it. */
export interface PrincipalEntry {
  readonly principal: string
  readonly objectId: string
  readonly type?: string
  readonly result: string
  readonly assignmentId?: string
  readonly error?: string
}

/** One scope, as the `result` output gives it. */
export interface ScopeEntry {
  readonly scope: string
  readonly kind: Target['kind']
  readonly name: string
  readonly endpoint?: string
  readonly role: { readonly name: string; readonly id: string }
  readonly principals: PrincipalEntry[]
  readonly wait?: WaitOutcomeAt
}

export interface ResultDocument {
  readonly changed: boolean
  readonly scopes: ScopeEntry[]
  /** Seconds until access worked everywhere; absent without a wait or when it failed. */
  readonly propagationSeconds?: number
}

function entryOf(result: GrantResult): PrincipalEntry {
  const { principal } = result
  return {
    principal: principal.spec.raw,
    objectId: principal.objectId,
    type: principal.type,
    result: result.outcome,
    assignmentId: result.assignmentId,
    ...(result.outcome === 'failed' ? { error: result.error } : {})
  }
}

function waitAt(wait: WaitReport | undefined, targetId: string): WaitOutcomeAt | undefined {
  const found = wait?.scopes?.find((scope) => scope.targetId === targetId)
  if (found === undefined) return undefined
  return found.outcome === 'access works'
    ? { outcome: found.outcome, seconds: found.seconds, probes: found.probes }
    : { outcome: found.outcome, error: found.error }
}

/** Pure: the whole outcome, scope by scope, for scripts (`fromJSON(steps.x.outputs.result)`, `jq`). */
export function resultDocument(results: readonly GrantResult[], wait?: WaitReport): ResultDocument {
  const scopes = new Map<string, ScopeEntry>()
  for (const result of results) {
    const { target, role } = result
    let entry = scopes.get(target.id)
    if (entry === undefined) {
      const waited = waitAt(wait, target.id)
      entry = {
        scope: target.id,
        kind: target.kind,
        name: target.name,
        endpoint: target.endpoint,
        role: { name: role.name, id: role.id },
        principals: [],
        ...(waited === undefined ? {} : { wait: waited })
      }
      scopes.set(target.id, entry)
    }
    entry.principals.push(entryOf(result))
  }
  const changed = results.some((result) => result.outcome === 'created' || result.outcome === 'removed')
  return { changed, scopes: [...scopes.values()], propagationSeconds: wait?.seconds }
}
