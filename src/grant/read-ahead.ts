import type { ArmClient, RoleAssignmentResource } from '../azure/arm.js'
import { createScheduler } from '../util/concurrency.js'

const key = (scope: string, principalId: string): string =>
  `${scope.toLowerCase()}\n${principalId.toLowerCase()}`

/**
 * Each principal's role-assignment list at each scope, read while the plan is still being made: as soon as the
 * principal's object ID is known, not after every principal and scope has been resolved. A few at a time, the ones
 * the writes will need first going first. Reads only; what they found is used by the writes that follow the plan.
 */
export class AssignmentListsAhead {
  private readonly arm: ArmClient
  private readonly schedule: ReturnType<typeof createScheduler>
  private readonly lists = new Map<string, Promise<RoleAssignmentResource[]>>()

  constructor(arm: ArmClient, limit: number) {
    this.arm = arm
    this.schedule = createScheduler(limit)
  }

  /** Starts reading the list of one principal at one scope; `priority`: lower is needed sooner. */
  start(scope: string, principalId: string, priority: number): void {
    const at = key(scope, principalId)
    if (this.lists.has(at)) return
    const list = this.schedule(priority, () => this.arm.listAssignmentsOf(scope, principalId))
    // Held for the write; if the plan fails, nobody asks, and nothing is left unhandled.
    list.catch(() => undefined)
    this.lists.set(at, list)
  }

  /**
   * The client for the writes: the first list of a principal at a scope is the one read ahead (its answer, or its
   * error); any later one, such as the list a write reads again after a conflict, is asked anew.
   */
  client(base: ArmClient = this.arm): ArmClient {
    const lists = this.lists
    const arm = base
    const listAssignmentsOf = (scope: string, principalId: string): Promise<RoleAssignmentResource[]> => {
      const at = key(scope, principalId)
      const ahead = lists.get(at)
      if (ahead === undefined) return arm.listAssignmentsOf(scope, principalId)
      lists.delete(at)
      return ahead
    }
    return new Proxy(arm, {
      get(target, property) {
        if (property === 'listAssignmentsOf') return listAssignmentsOf
        const value: unknown = Reflect.get(target, property, target)
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
      }
    })
  }
}
