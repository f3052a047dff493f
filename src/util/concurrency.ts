import { ActionError, messageOf } from '../errors.js'

/** Maps with at most `limit` calls in flight, keeping input order. Every item settles; nothing is abandoned. */
export async function mapSettled<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index] as T, index) }
      } catch (reason) {
        results[index] = { status: 'rejected', reason }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * Like `mapSettled`, for work that must all succeed: the values in input order, or, once every item has settled,
 * the one failure as it was, or several listed in one error.
 */
export async function mapAll<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const settled = await mapSettled(items, limit, work)
  const failed = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []))
  if (failed.length === 1) throw failed[0]
  if (failed.length > 1)
    throw new ActionError(
      `${failed.length} of ${items.length} reads failed; nothing was changed:\n- ${failed.map(messageOf).join('\n- ')}`
    )
  return settled.map((result) => (result as PromiseFulfilledResult<R>).value)
}

/** Runs work at most `limit` at a time, the waiting work with the lowest priority number first (ties: first come). */
export type Scheduler = <R>(priority: number, work: () => Promise<R>) => Promise<R>

export function createScheduler(limit: number): Scheduler {
  const waiting: { priority: number; seq: number; start: () => void }[] = []
  let running = 0
  let seq = 0
  const next = (): void => {
    while (running < limit && waiting.length > 0) {
      let first = 0
      for (let i = 1; i < waiting.length; i++) {
        const a = waiting[i]
        const b = waiting[first]
        if (a && b && (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq))) first = i
      }
      const [chosen] = waiting.splice(first, 1)
      running++
      chosen?.start()
    }
  }
  return <R>(priority: number, work: () => Promise<R>): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      waiting.push({
        priority,
        seq: seq++,
        start: () => {
          work()
            .then(resolve, reject)
            .finally(() => {
              running--
              next()
            })
        }
      })
      next()
    })
}

/** The values of settled results, or the first failure among them (in input order), thrown. */
export function valuesOf<T>(settled: readonly PromiseSettledResult<T>[]): T[] {
  const failed = settled.find((result) => result.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value)
}

/**
 * Waits for every promise (started at once by the caller), then returns their values, or throws the failure of the
 * first one in the order given, whichever failed first in time: the error is the one the reads would have given
 * one after the other, and no failure is left unhandled.
 */
export async function joined<T extends readonly unknown[]>(
  ...reads: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  return valuesOf(await Promise.allSettled(reads)) as unknown as T
}
