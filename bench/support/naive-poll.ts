// What many pipelines do today after `az role assignment create`: call the endpoint once a second until it
// answers 200. Run for real against the emulator's data plane, with a token minted for the principal.
import { request } from 'node:https'

export interface PollResult {
  /** Date.now() of every request sent, and the status it got. */
  readonly attempts: readonly { readonly at: number; readonly status: number }[]
  /** Date.now() when the first 200 came back; undefined when the deadline passed first. */
  readonly succeededAt?: number
}

function getStatus(url: string, token: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', ca, agent: false, timeout: 10_000, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      }
    )
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 10 s`)))
    req.on('error', reject)
    req.end()
  })
}

const sleepUntil = (at: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))

/** GETs `url` every `periodMs` (on a fixed schedule from now) until it answers 200 or `deadline` passes. */
export async function pollUntilOk(
  url: string,
  token: string,
  ca: string,
  periodMs: number,
  deadline: number
): Promise<PollResult> {
  const start = Date.now()
  const attempts: { at: number; status: number }[] = []
  for (let k = 0; Date.now() < deadline; k++) {
    await sleepUntil(start + k * periodMs)
    const at = Date.now()
    const status = await getStatus(url, token, ca).catch(() => 0)
    attempts.push({ at, status })
    if (status === 200) return { attempts, succeededAt: Date.now() }
  }
  return { attempts }
}
