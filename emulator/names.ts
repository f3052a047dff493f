// Host names of the host-name mode: every service and every account's data plane gets a name under
// `.azure.test`, a reserved top-level domain that no DNS server resolves. A client reaches them only through
// the emulator's CONNECT proxy, which maps each name to its loopback port, so a run that succeeds proves that
// every request went through the proxy.
import type { Account } from './world/types.js'

export const NAME_SUFFIX = 'azure.test'

export type NamedService = 'github' | 'login' | 'arm' | 'graph'

export const SERVICE_HOST_NAMES: Readonly<Record<NamedService, string>> = {
  github: `github.${NAME_SUFFIX}`,
  login: `login.${NAME_SUFFIX}`,
  arm: `management.${NAME_SUFFIX}`,
  graph: `graph.${NAME_SUFFIX}`
}

/**
 * The public cloud's Entra host. MSAL (in the Azure CLI among others) asks it for instance discovery whatever
 * authority it was given; with `publicLogin` the proxy maps it (port 443 only) to the emulated Entra host.
 */
export const PUBLIC_LOGIN_HOST = 'login.microsoftonline.com'

/** The three host names an account's data plane answers on, as in `<sub>.openai.azure.com`. */
export type DataPlaneKind = 'cognitiveservices' | 'openai' | 'inference'

const DATA_PLANE_SUFFIXES: Readonly<Record<DataPlaneKind, string>> = {
  cognitiveservices: `cognitiveservices.${NAME_SUFFIX}`,
  openai: `openai.${NAME_SUFFIX}`,
  inference: `services.ai.${NAME_SUFFIX}`
}

/** The names the server certificate covers (the data planes by wildcard: one label per account). */
export const CERTIFICATE_NAMES: readonly string[] = [
  ...Object.values(SERVICE_HOST_NAMES),
  ...Object.values(DATA_PLANE_SUFFIXES).map((suffix) => `*.${suffix}`)
]

export function serviceForHostName(host: string): NamedService | undefined {
  const h = host.toLowerCase()
  return (Object.keys(SERVICE_HOST_NAMES) as NamedService[]).find((s) => SERVICE_HOST_NAMES[s] === h)
}

export const dataPlaneHostName = (label: string, kind: DataPlaneKind): string =>
  `${label}.${DATA_PLANE_SUFFIXES[kind]}`

/** The account label of a data-plane host name (`ai-demo.openai.azure.test` -> `ai-demo`). */
export function labelOfHostName(host: string): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, '')
  for (const suffix of Object.values(DATA_PLANE_SUFFIXES)) {
    if (!h.endsWith(`.${suffix}`)) continue
    const label = h.slice(0, -suffix.length - 1)
    if (/^[a-z0-9-]+$/.test(label)) return label
  }
  return undefined
}

const sanitize = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'account'

/**
 * One DNS label per account, in world order: the custom subdomain (the account name without one), with
 * `-2`, `-3`... when two accounts would share it, so every account keeps a host of its own.
 */
export function accountLabels(
  accounts: readonly Account[],
  keyOf: (a: Account) => string
): Map<string, string> {
  const labels = new Map<string, string>()
  const taken = new Set<string>()
  for (const account of accounts) {
    const base = sanitize(account.customSubDomainName ?? account.name)
    let label = base
    for (let n = 2; taken.has(label); n++) label = `${base}-${n}`
    taken.add(label)
    labels.set(keyOf(account), label)
  }
  return labels
}
