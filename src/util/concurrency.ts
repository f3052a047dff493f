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
