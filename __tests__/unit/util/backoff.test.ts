import { describe, expect, it } from '@jest/globals'
import { backoffDelay, retry } from '../../../src/util/backoff.js'
import { FakeClock } from '../../fixtures/clock.js'

const OPTIONS = { initialMs: 1_000, maxMs: 8_000, jitter: 0.5 }

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, without jitter', () => {
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, OPTIONS, () => 0))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000, 8_000
    ])
  })

  it('jitter only shortens, by at most its fraction', () => {
    expect(backoffDelay(4, OPTIONS, () => 1)).toBe(4_000)
    expect(backoffDelay(4, OPTIONS, () => 0.5)).toBe(6_000)
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, OPTIONS)
      expect(delay).toBeGreaterThanOrEqual(2_000)
      expect(delay).toBeLessThanOrEqual(4_000)
    }
  })

  it('treats attempt 0 or less as the first', () => {
    expect(backoffDelay(0, OPTIONS, () => 0)).toBe(1_000)
  })
})

describe('retry', () => {
  const failing = (times: number, error: unknown = new Error('transient')) => {
    let calls = 0
    return {
      calls: () => calls,
      work: async () => {
        calls++
        if (calls <= times) throw error
        return 'done'
      }
    }
  }

  it('returns at once when the work succeeds', async () => {
    const clock = new FakeClock()
    const work = failing(0)
    await expect(
      retry({ ...OPTIONS, deadlineMs: 10_000, clock, retryable: () => true, work: work.work })
    ).resolves.toBe('done')
    expect(clock.sleeps).toEqual([])
  })

  it('retries retryable failures, sleeping the backoff delays on the clock, and reports each retry', async () => {
    const clock = new FakeClock()
    const work = failing(3)
    const retries: [number, number][] = []
    const result = await retry({
      ...OPTIONS,
      deadlineMs: 60_000,
      clock,
      random: () => 0,
      retryable: () => true,
      onRetry: (_, attempt, delay) => retries.push([attempt, delay]),
      work: work.work
    })
    expect(result).toBe('done')
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000])
    expect(retries).toEqual([
      [1, 1_000],
      [2, 2_000],
      [3, 4_000]
    ])
  })

  it('rethrows a failure that is not retryable, without sleeping', async () => {
    const clock = new FakeClock()
    const error = new Error('fatal')
    const work = failing(5, error)
    await expect(
      retry({ ...OPTIONS, deadlineMs: 60_000, clock, retryable: () => false, work: work.work })
    ).rejects.toBe(error)
    expect(work.calls()).toBe(1)
    expect(clock.sleeps).toEqual([])
  })

  it('gives up with the last error rather than sleep past the deadline', async () => {
    const clock = new FakeClock()
    const work = failing(1000)
    await expect(
      retry({
        ...OPTIONS,
        deadlineMs: 20_000,
        clock,
        random: () => 0,
        retryable: () => true,
        work: work.work
      })
    ).rejects.toThrow('transient')
    // 1 + 2 + 4 + 8 = 15 s; the next 8 s would pass 20 s.
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000, 8_000])
    expect(clock.elapsed()).toBeLessThanOrEqual(20_000)
    expect(work.calls()).toBe(5)
  })

  it('counts the time the work itself took against the deadline', async () => {
    const clock = new FakeClock()
    let calls = 0
    await expect(
      retry({
        ...OPTIONS,
        deadlineMs: 10_000,
        clock,
        random: () => 0,
        retryable: () => true,
        work: async () => {
          calls++
          clock.advance(6_000)
          throw new Error('slow')
        }
      })
    ).rejects.toThrow('slow')
    expect(calls).toBe(2)
  })
})
