import { uuidV5 } from './assignment-name.js'

/**
 * The name of a temporary grant: a UUID from the scope, principal and role and the step's random seed, so no other
 * job or run can make (or be answered for) an assignment under it. A 200 or 201 to a PUT of this name is this
 * step's own write, and the post step finds its grants again from the seed alone.
 */
export function temporaryName(seed: string, scope: string, principalId: string, roleGuid: string): string {
  return uuidV5(
    `temporary\n${seed}\n${scope.toLowerCase()}\n${principalId.toLowerCase()}\n${roleGuid.toLowerCase()}`
  )
}
