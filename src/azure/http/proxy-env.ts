import { isIP } from 'node:net'

/**
 * The action's calls go through two HTTP stacks that read the proxy variables differently. The Azure pipeline (Entra,
 * Resource Manager, Graph, metadata, data plane) takes HTTPS_PROXY, else ALL_PROXY, else HTTP_PROXY; @actions/http-client
 * (the GitHub OIDC request) takes https_proxy/HTTPS_PROXY only, so on a runner with just HTTP_PROXY the ID token
 * request went around the proxy. In NO_PROXY, @actions/http-client (like curl) lets `example.com` match its
 * subdomains and ignores case, and `*` turns the proxy off; the Azure pipeline matches `example.com` exactly and
 * case-sensitively, and knows no `*`. Aligning the environment once, before the first request, sends every call the
 * same way.
 */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'http_proxy']

function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  return names.map((name) => env[name]?.trim()).find((value) => value !== undefined && value !== '')
}

/** Pure: NO_PROXY entries lower-cased, each bare host name also as `.name`, so both stacks bypass its subdomains. */
export function alignNoProxy(value: string): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
  const domains = entries.filter((entry) => /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(entry) && isIP(entry) === 0)
  return [...new Set([...entries, ...domains.map((domain) => `.${domain}`)])]
}

/** Makes both HTTP stacks agree on the proxy and its exceptions; changes only this process's environment. */
export function alignProxyEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const noProxy = alignNoProxy(firstSet(env, ['NO_PROXY', 'no_proxy']) ?? '')
  if (noProxy.includes('*')) {
    for (const name of PROXY_VARIABLES) delete env[name]
    return
  }
  const proxy = firstSet(env, PROXY_VARIABLES)
  if (proxy === undefined) return
  env.HTTPS_PROXY = proxy
  env.https_proxy = proxy
  if (noProxy.length > 0) {
    env.NO_PROXY = noProxy.join(',')
    env.no_proxy = env.NO_PROXY
  }
}
