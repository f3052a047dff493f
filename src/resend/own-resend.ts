// Pure decisions for answers that were lost after Azure applied the request (SPEC "Truthful under faults"): what a
// resend's answer says about what this step did.

/** What a PUT of a permanent grant answered, as far as the decision needs it. */
export interface PutAnswer {
  /** 201 (true) or 200 (false). */
  readonly created: boolean
  /** An earlier attempt of this PUT got no definite answer, so it may have been applied. */
  readonly resent: boolean
  readonly createdBy?: string
  /** ms since the epoch. */
  readonly createdOn?: number
}

/**
 * Did this step create the assignment? A 201 says so. A 200 to a resend says so only when the assignment was made by
 * the signed-in identity after the read made just before the first PUT (which found none): then it is this step's
 * own first attempt, whose answer was lost. Any other 200 is a grant that was already there (`already assigned`).
 */
export function createdByThisStep(
  answer: PutAnswer,
  readAt: number,
  selfObjectId: string | undefined
): boolean {
  if (answer.created) return true
  if (!answer.resent || selfObjectId === undefined || answer.createdOn === undefined) return false
  return (answer.createdBy ?? '').toLowerCase() === selfObjectId.toLowerCase() && answer.createdOn > readAt
}

/** Statuses of a PIM schedule request whose work is done (or certainly under way): a resend need not be made. */
const DONE = new Set(
  [
    'Provisioned',
    'Granted',
    'Revoked',
    'PendingProvisioning',
    'ProvisioningStarted',
    'ScheduleCreated',
    'PendingScheduleCreation',
    'PendingRevocation'
  ].map((status) => status.toLowerCase())
)

/** A resent PIM request answered 409 (the name exists: this step's own first attempt): does its status mean done? */
export const pimRequestDone = (status: string | undefined): boolean =>
  status !== undefined && DONE.has(status.toLowerCase())

/** The codes PIM answers a request name used before with (the first is what Azure sends today). */
export const REQUEST_EXISTS_CODES: readonly string[] = [
  'RoleAssignmentScheduleRequestExists',
  'RoleAssignmentRequestExists'
]
