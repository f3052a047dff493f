// GitHub's OIDC ID-token endpoint, as the runner exposes it through ACTIONS_ID_TOKEN_REQUEST_URL, plus the
// issuer's discovery documents. `@actions/core`'s getIDToken appends `&audience=...` and sends the request
// token as a bearer token.
import type { Context } from '../context.js'
import { bearerToken, json, type EmuRequest, type EmuResponse } from '../http.js'
import { jwks } from '../jwt.js'
import { issueGithubIdToken } from '../tokens.js'
import { GITHUB_ISSUER } from '../world/default-world.js'

export function idTokenPath(ctx: Context): string {
  const { planId, jobId } = ctx.world.github
  return `/_apis/distributedtask/hubs/Actions/plans/${planId}/jobs/${jobId}/idtoken`
}

export function githubHandler(ctx: Context) {
  return (req: EmuRequest): EmuResponse => {
    if (req.method === 'GET' && req.path === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: GITHUB_ISSUER,
        jwks_uri: `${ctx.urls.github}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: [
          'sub',
          'aud',
          'exp',
          'iat',
          'iss',
          'jti',
          'nbf',
          'ref',
          'repository',
          'repository_owner',
          'run_id',
          'workflow',
          'actor'
        ],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid']
      })
    }
    if (req.method === 'GET' && req.path === '/.well-known/jwks') return json(200, jwks(ctx.keys.github))

    const idtoken = /^\/_apis\/distributedtask\/hubs\/Actions\/plans\/([^/]+)\/jobs\/([^/]+)\/idtoken$/i.exec(
      req.path
    )
    if (!idtoken || (req.method !== 'GET' && req.method !== 'POST')) {
      return json(404, { message: 'Not Found' })
    }
    if (bearerToken(req) !== ctx.world.github.requestToken) {
      // What the Actions service answers for a missing or wrong ACTIONS_ID_TOKEN_REQUEST_TOKEN.
      return json(401, {
        $id: '1',
        innerException: null,
        message: "TF400813: The user '' is not authorized to access this resource.",
        typeName:
          'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
        typeKey: 'UnauthorizedRequestException',
        errorCode: 0,
        eventId: 3000
      })
    }
    const audience =
      req.query.get('audience') || `https://github.com/${ctx.world.github.claims.repository_owner}`
    return json(200, { value: issueGithubIdToken(ctx, audience) })
  }
}
