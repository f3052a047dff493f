/**
 * The wait's evidence rules (docs/wait-evidence.md), pure: what the answers of one wait prove about one identity's
 * access to one scope.
 *
 * A 2xx on a route that needs the data action proves access. A 404/400 about the deployment, the model or the
 * request proves nothing on its own: a gateway that looks deployments up before it checks roles gives it without
 * the role. It counts only after the same route refused the same identity with PermissionDenied earlier in the
 * wait (the same request, first stopped by the role check, now let through it), or when another route proves
 * access by itself (which is then the proof).
 */

/** What one answer says on its own, before it is weighed against the others. */
export type Reading = 'proof' | 'denied' | 'indirect'

/** One answer, as the rules see it. */
export interface Observation {
  /** The call that was answered: method and URL, no token. */
  readonly route: string
  /** Object ID of the identity that called. */
  readonly identity: string
  readonly reading: Reading
  /** Status and error code, e.g. `404 DeploymentNotFound`. */
  readonly answer: string
}

export type Judgement =
  /** `proof` says, in words, which answer was taken as proof. */
  | { readonly proven: true; readonly proof: string }
  /** `indirect`: the first answer that would prove access on a gateway that checks the role first. */
  | { readonly proven: false; readonly indirect?: Observation }

function transition(mine: readonly Observation[]): Judgement | undefined {
  for (const [index, seen] of mine.entries()) {
    if (seen.reading !== 'indirect') continue
    const denial = mine.slice(0, index).find((o) => o.reading === 'denied' && o.route === seen.route)
    if (denial !== undefined) {
      return {
        proven: true,
        proof: `${seen.answer} on ${seen.route}, after ${denial.answer} on the same call (the gateway checks the role first)`
      }
    }
  }
  return undefined
}

/** Pure: whether the answers so far (oldest first) prove the identity's access, and by which answer. */
export function judge(history: readonly Observation[], identity: string): Judgement {
  const mine = history.filter((o) => o.identity === identity)
  const direct = mine.find((o) => o.reading === 'proof')
  if (direct !== undefined) return { proven: true, proof: `${direct.answer} on ${direct.route}` }
  return transition(mine) ?? { proven: false, indirect: mine.find((o) => o.reading === 'indirect') }
}
