import { Env } from '../constants.js'
import { temporaryUntil } from './expiry.js'
import type { RoleAssignmentResource } from '../azure/arm.js'

/** The workflow run this step belongs to: reruns keep the ID and count the attempt up. */
export interface RunRef {
  readonly id: string
  readonly attempt: number
}

export function currentRun(env: NodeJS.ProcessEnv = process.env): RunRef | undefined {
  const id = env[Env.RunId] ?? ''
  const attempt = Number(env[Env.RunAttempt] ?? '1')
  return /^\d+$/.test(id) && Number.isInteger(attempt) && attempt >= 1 ? { id, attempt } : undefined
}

/** Pure: does the description name an earlier attempt of this run (`run <id> attempt <n>`, n smaller)? */
export function namesEarlierAttempt(description: string | undefined, run: RunRef): boolean {
  for (const match of (description ?? '').matchAll(/\brun (\d+) attempt (\d+)\b/g)) {
    if (match[1] === run.id && Number(match[2]) < run.attempt) return true
  }
  return false
}

/**
 * What a temporary grant step makes of an assignment already in place: its own run's earlier attempt left it
 * (temporary, made by this same identity, naming this run with a smaller attempt): take it over; another job's
 * temporary grant: leave it, with a warning that it may vanish; anything else: a grant to leave alone.
 */
export type Existing =
  | { readonly kind: 'adopt'; readonly assignment: RoleAssignmentResource }
  | { readonly kind: 'temporary'; readonly assignment: RoleAssignmentResource; readonly until: Date }
  | { readonly kind: 'permanent'; readonly assignment: RoleAssignmentResource }

export function judgeExisting(
  found: readonly RoleAssignmentResource[],
  selfObjectId: string | undefined,
  run: RunRef | undefined
): Existing | undefined {
  const adoptable = found.find(
    (a) =>
      run !== undefined &&
      selfObjectId !== undefined &&
      a.createdBy?.toLowerCase() === selfObjectId.toLowerCase() &&
      temporaryUntil(a.description) !== undefined &&
      namesEarlierAttempt(a.description, run)
  )
  if (adoptable) return { kind: 'adopt', assignment: adoptable }
  // A permanent grant beside a temporary one keeps the access when the temporary one goes: no warning then.
  const permanent = found.find((a) => temporaryUntil(a.description) === undefined)
  if (permanent) return { kind: 'permanent', assignment: permanent }
  const temporary = found[0]
  const until = temporaryUntil(temporary?.description)
  return temporary === undefined || until === undefined
    ? undefined
    : { kind: 'temporary', assignment: temporary, until }
}
