import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { stepDeadlineMs, withDeadline } from '../../../src/util/deadline.js'
import {
  abortableSleep,
  remainingMs,
  startStepDeadline,
  stepSignal,
  throwIfExpired
} from '../../../src/util/step-deadline.js'
import type { ActionInputs } from '../../../src/types.js'

const inputs = (overrides: Partial<ActionInputs>) =>
  ({ waitForPropagation: false, dryRun: false, waitTimeoutSeconds: 600, ...overrides }) as ActionInputs

describe('step deadline', () => {
  it('leaves room for the work, the replication retries and the whole wait', () => {
    const base = stepDeadlineMs(inputs({}))
    expect(base).toBeGreaterThan(5 * 60_000)
    expect(stepDeadlineMs(inputs({ waitForPropagation: true, waitTimeoutSeconds: 900 }))).toBe(base + 900_000)
    expect(stepDeadlineMs(inputs({ waitForPropagation: true, dryRun: true }))).toBe(base)
  })

  it('stays far below the six hours GitHub gives a job', () => {
    expect(stepDeadlineMs(inputs({ waitForPropagation: true, waitTimeoutSeconds: 21_600 }))).toBeLessThan(
      7 * 3_600_000
    )
  })
})

describe('withDeadline', () => {
  beforeEach(() => {
    jest.useFakeTimers()
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('passes on the result of work that finishes in time, and leaves no timer', async () => {
    await expect(withDeadline(() => Promise.resolve('done'), 1_000)).resolves.toBe('done')
    expect(jest.getTimerCount()).toBe(0)
  })

  it('passes on the failure of work that fails in time', async () => {
    const error = new Error('boom')
    await expect(withDeadline(() => Promise.reject(error), 1_000)).rejects.toBe(error)
  })

  it('fails work that outlives the deadline, saying how long it had and what to do', async () => {
    const pending = withDeadline(() => new Promise(() => undefined), 20 * 60_000).catch((e) => e)
    await jest.advanceTimersByTimeAsync(20 * 60_000)
    const error = (await pending) as Error
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain('did not finish within 20 minutes')
    expect(error.message).toContain('rerun the job')
  })

  it('stops the work at the deadline: its sleeps end and no request is sent after it', async () => {
    let signal: AbortSignal | undefined
    let slept: unknown
    const pending = withDeadline(async () => {
      signal = stepSignal()
      slept = await abortableSleep(60 * 60_000).then(
        () => 'slept',
        (e: unknown) => e
      )
    }, 60_000).catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(60_000)
    const error = await pending
    expect(signal?.aborted).toBe(true)
    expect(slept).toBe(error)
    expect(() => throwIfExpired()).toThrow('did not finish within 60 s')
  })

  it('the time left caps what may be waited for', () => {
    startStepDeadline(10_000, 1_000)
    expect(remainingMs(4_000)).toBe(7_000)
    expect(remainingMs(20_000)).toBe(0)
  })
})
