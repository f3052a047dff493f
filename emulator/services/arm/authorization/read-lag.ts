// Lagging reads: role assignments are eventually consistent, so a list or GET made seconds after a write may not
// show it yet. With a lag set (emulator.lagReads({ ms })), role-assignment reads leave out what was created in the
// last `ms` and still show what was deleted in the last `ms`; writes (PUT, DELETE, the duplicate check) always see
// the truth, as ARM's own checks do.
import type { Context } from '../../../context.js'
import type { RoleAssignment } from '../../../world/types.js'

export interface ReadLag {
  /** How far reads lag writes, in ms (0: no lag). */
  ms: number
  /** Assignments deleted while a lag was set, with when: reads keep showing them for `ms`. */
  deleted: { assignment: RoleAssignment; at: number }[]
}

export const noLag = (): ReadLag => ({ ms: 0, deleted: [] })

/** What a read sees now: the live assignments, less the newest, plus the just deleted. */
export function readView(ctx: Context, now = Date.now()): RoleAssignment[] {
  const lag = ctx.readLag
  if (lag.ms <= 0) return ctx.world.roleAssignments
  const since = now - lag.ms
  lag.deleted = lag.deleted.filter((d) => d.at > since)
  const live = ctx.world.roleAssignments.filter((a) => a.createdOn <= since)
  const ghosts = lag.deleted.map((d) => d.assignment).filter((a) => a.createdOn <= since)
  return [...live, ...ghosts]
}

/** Called by a DELETE: while reads lag, the deleted assignment stays visible to them for a while. */
export function noteDeleted(ctx: Context, assignment: RoleAssignment, now = Date.now()): void {
  if (ctx.readLag.ms > 0) ctx.readLag.deleted.push({ assignment, at: now })
}
