import type { JsonHttp, JsonRequest } from './http/http.js'

/** One answer of the inference endpoint, as the wait classifies it. */
export interface ProbeAnswer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: unknown
  /**
   * The probe asked for a deployment that cannot exist: 404 DeploymentNotFound is then about that name, not about
   * probe-model, and proves access only with more evidence (docs/wait-evidence.md).
   */
  readonly noSuchDeployment?: boolean
}

export interface DataPlaneProbe {
  /** Describes the call, for logs: method and URL, no token. */
  readonly description: string
  send(): Promise<ProbeAnswer>
  /** Makes the next probe use a new access token. */
  renewToken(): void
}

/** One way of asking the inference endpoint whether the identity may call it. */
export interface ProbeRoute {
  readonly request: JsonRequest
  /** The route asks for a deployment that cannot exist (see ProbeAnswer.noSuchDeployment). */
  readonly noSuchDeployment: boolean
}

/** An endpoint that does not know the route answers 404 without a service error code of its own, or 405. */
function routeUnknown(answer: ProbeAnswer): boolean {
  const code = (answer.body as { error?: { code?: unknown } } | undefined)?.error?.code
  return (
    answer.status === 405 ||
    (answer.status === 404 && code !== 'DeploymentNotFound' && code !== 'unknown_model')
  )
}

/** Probes on the first route; moves to the next for good when the endpoint does not serve a route. */
export function createProbe(
  http: JsonHttp,
  routes: readonly ProbeRoute[],
  renewToken: () => void = () => undefined
): DataPlaneProbe {
  let index = 0
  const current = (): ProbeRoute => routes[index] as ProbeRoute
  const sendOnce = async (): Promise<ProbeAnswer> => {
    const { request, noSuchDeployment } = current()
    const response = await http.send(request)
    return {
      status: response.status,
      headers: response.headers,
      body: response.body,
      noSuchDeployment
    }
  }
  return {
    renewToken,
    get description() {
      return `${current().request.method} ${current().request.url}`
    },
    async send() {
      let answer = await sendOnce()
      while (routeUnknown(answer) && index < routes.length - 1) {
        index++
        answer = await sendOnce()
      }
      return answer
    }
  }
}
