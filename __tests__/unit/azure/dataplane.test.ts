import { describe, expect, it } from '@jest/globals'
import { createProbe } from '../../../src/azure/dataplane.js'
import { probeRoutes } from '../../../src/wait/routes.js'
import { FakeHttp, json } from '../../fixtures/http.js'
import {
  ACCOUNT_TARGET as ACCOUNT,
  INFERENCE_SCOPE as SCOPE,
  MODELS_URL as MODELS,
  NO_SUCH_URL as NO_SUCH
} from '../../fixtures/target.js'

describe('the probe', () => {
  const routes = probeRoutes(ACCOUNT, SCOPE, undefined)

  it('describes the call without a token, and passes the answer on with what a missing deployment means', async () => {
    const http = new FakeHttp(() =>
      json(401, { error: { code: 'PermissionDenied' } }, { 'retry-after': '1' })
    )
    const probe = createProbe(http, routes)
    expect(probe.description).toBe(`GET ${MODELS}`)
    expect(await probe.send()).toEqual({
      status: 401,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'PermissionDenied' } },
      noSuchDeployment: false
    })
    expect(http.requests).toEqual([routes[0]?.request])
  })

  it.each([
    ['404 without a service code', json(404, { error: { code: '404', message: 'Resource not found' } })],
    ['404 with no body', json(404)],
    ['405', json(405)]
  ])('moves to the next route after %s, and stays there', async (_, unknownRoute) => {
    const http = new FakeHttp((request) =>
      request.url === MODELS ? unknownRoute : json(404, { error: { code: 'DeploymentNotFound' } })
    )
    const probe = createProbe(http, routes)
    expect(await probe.send()).toMatchObject({ status: 404, noSuchDeployment: true })
    expect(probe.description).toBe(`POST ${NO_SUCH}`)
    await probe.send()
    expect(http.requests.map((r) => r.url)).toEqual([MODELS, NO_SUCH, NO_SUCH])
  })

  it.each([
    ['401 PermissionDenied', json(401, { error: { code: 'PermissionDenied' } })],
    ['404 DeploymentNotFound', json(404, { error: { code: 'DeploymentNotFound' } })],
    ['404 unknown_model', json(404, { error: { code: 'unknown_model' } })],
    ['429', json(429)],
    ['503', json(503)],
    ['200', json(200, { data: [] })]
  ])('stays on its route after %s', async (_, answer) => {
    const http = new FakeHttp(() => answer)
    const probe = createProbe(http, routes)
    expect((await probe.send()).status).toBe(answer.status)
    expect(http.requests.map((r) => r.url)).toEqual([MODELS])
    expect(probe.description).toBe(`GET ${MODELS}`)
  })

  it('on the last route, an unknown route is passed on as it is', async () => {
    const http = new FakeHttp(() => json(404))
    expect((await createProbe(http, routes).send()).status).toBe(404)
    expect(http.requests).toHaveLength(2)
  })

  it('asks for a new token through the function it was given', () => {
    let renewed = 0
    createProbe(new FakeHttp(), routes, () => renewed++).renewToken()
    expect(renewed).toBe(1)
  })
})
