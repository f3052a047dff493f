import { createDefaultHttpClient } from '@azure/core-rest-pipeline'
import type { HttpClient } from '@azure/core-rest-pipeline'

let shared: HttpClient | undefined

/**
 * The one transport every client of the step sends through: Entra ID's, Resource Manager's, Graph's and the
 * data plane's. Its keep-alive agent lets a request reuse a connection that another client opened to the same host
 * and that is now idle, and resume its TLS session, where a transport per client opened a new connection (and a
 * full TLS handshake) for nearly every request. Proxies are unaffected: the proxy policy gives each request its
 * proxy's agent.
 */
export function sharedTransport(): HttpClient {
  shared ??= createDefaultHttpClient()
  return shared
}
