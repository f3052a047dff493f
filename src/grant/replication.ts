import * as core from '@actions/core'
import { restDetails } from '../errors.js'
import { PRINCIPAL_REPLICATION_WAIT_MS } from '../constants.js'
import { retry } from '../util/backoff.js'
import type { Clock } from '../util/backoff.js'

/** What is retried while a new principal replicates: who, to which service, and the code that says "not yet". */
export interface Replicating<T> {
  readonly service: string
  readonly who: string
  readonly notYetCode: 'PrincipalNotFound' | 'SubjectNotFound'
  readonly clock?: Clock
  readonly work: () => Promise<T>
}

/** A principal created moments ago is not known everywhere yet: retried with backoff for up to five minutes. */
export function retryWhileReplicating<T>(what: Replicating<T>): Promise<T> {
  return retry({
    initialMs: 2_000,
    maxMs: 20_000,
    jitter: 0.3,
    deadlineMs: PRINCIPAL_REPLICATION_WAIT_MS,
    clock: what.clock,
    retryable: (error) => restDetails(error).code === what.notYetCode,
    onRetry: (_, attempt, delay) =>
      core.info(
        `${what.service} does not see ${what.who} yet (directory replication); retry ${attempt} in ${Math.round(delay / 1000)} s.`
      ),
    work: what.work
  })
}
