// Secret scanning for tests: finds any issued token (or its signature alone) in logs, outputs or
// summaries. `::add-mask::` lines are how a runner learns what to mask, so they are not leaks.
import type { IssuedToken } from '../emulator/index.js'

export interface Leak {
  /** Index of the text in the list given. */
  text: number
  line: number
  kind: IssuedToken['kind'] | 'token'
  excerpt: string
}

export function findLeakedTokens(
  texts: string | string[],
  tokens: readonly (IssuedToken | string)[]
): Leak[] {
  const list = Array.isArray(texts) ? texts : [texts]
  const needles = tokens.flatMap((t) => {
    const [token, kind] = typeof t === 'string' ? [t, 'token' as const] : [t.token, t.kind]
    const signature = token.split('.')[2]
    return [
      { value: token, kind },
      ...(signature && signature.length >= 16 ? [{ value: signature, kind }] : [])
    ]
  })
  const leaks: Leak[] = []
  list.forEach((text, ti) => {
    text.split(/\r?\n/).forEach((line, li) => {
      if (line.trimStart().startsWith('::add-mask::')) return
      const hit = needles.find((n) => line.includes(n.value))
      if (hit) {
        const at = line.indexOf(hit.value)
        leaks.push({
          text: ti,
          line: li + 1,
          kind: hit.kind,
          excerpt: `${line.slice(Math.max(0, at - 20), at)}<${hit.kind}…>`
        })
      }
    })
  })
  return leaks
}
