import { describe, expect, it } from '@jest/globals'
import { mapSettled } from '../../../src/util/concurrency.js'

/** A promise and the function that resolves it, to let work finish in an order the test chooses. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

describe('mapSettled', () => {
  it('keeps input order whatever order the work finishes in, and settles everything', async () => {
    const gates = [gate(), gate(), gate()]
    const pending = mapSettled([0, 1, 2], 3, async (item) => {
      await gates[item]?.promise
      if (item === 1) throw new Error('one failed')
      return item * 10
    })
    gates[2]?.open()
    gates[1]?.open()
    gates[0]?.open()
    const results = await pending
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(results[0]).toEqual({ status: 'fulfilled', value: 0 })
    expect(results[2]).toEqual({ status: 'fulfilled', value: 20 })
  })

  it('has at most `limit` calls in flight', async () => {
    let inFlight = 0
    let most = 0
    await mapSettled(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async () => {
        inFlight++
        most = Math.max(most, inFlight)
        await Promise.resolve()
        await Promise.resolve()
        inFlight--
      }
    )
    expect(most).toBe(4)
  })

  it('an empty list is an empty result', async () => {
    expect(await mapSettled([], 4, async () => 1)).toEqual([])
  })
})

describe('createScheduler', () => {
  it('runs at most `limit` at once, the lowest priority number first among those waiting', async () => {
    const { createScheduler } = await import('../../../src/util/concurrency.js')
    const schedule = createScheduler(1)
    const first = gate()
    const order: number[] = []
    const running = schedule(5, async () => {
      order.push(5)
      await first.promise
    })
    const later = [3, 1, 2].map((priority) =>
      schedule(priority, async () => {
        order.push(priority)
      })
    )
    expect(order).toEqual([5])
    first.open()
    await Promise.all([running, ...later])
    expect(order).toEqual([5, 1, 2, 3])
  })

  it('passes on what the work returns or throws', async () => {
    const { createScheduler } = await import('../../../src/util/concurrency.js')
    const schedule = createScheduler(2)
    await expect(schedule(0, async () => 'done')).resolves.toBe('done')
    await expect(schedule(0, async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed')
  })
})

describe('joined', () => {
  it('throws the failure of the first read in the order given, even when a later one failed sooner', async () => {
    const { joined } = await import('../../../src/util/concurrency.js')
    const late = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('first read')), 20))
    const soon = Promise.reject(new Error('second read'))
    await expect(joined(late, soon)).rejects.toThrow('first read')
  })

  it('returns every value in order', async () => {
    const { joined } = await import('../../../src/util/concurrency.js')
    await expect(joined(Promise.resolve(1), Promise.resolve('two'))).resolves.toEqual([1, 'two'])
  })
})
