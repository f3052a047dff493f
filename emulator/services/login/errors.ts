// Entra ID (AADSTS) error bodies, shaped exactly as login.microsoftonline.com sends them: the code is
// both in `error_description` (with trace, correlation ID and timestamp appended) and in `error_codes`.
import { randomUUID } from 'node:crypto'
import { json, type EmuRequest, type EmuResponse } from '../../http.js'

export function entraTimestamp(at = new Date()): string {
  return at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
}

export function entraError(
  req: EmuRequest,
  loginUrl: string,
  status: number,
  error: string,
  code: number,
  message: string
): EmuResponse {
  const traceId = randomUUID()
  const correlationId = req.headers['client-request-id'] ?? randomUUID()
  const timestamp = entraTimestamp()
  return json(
    status,
    {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${loginUrl}/error?code=${code}`
    },
    { 'x-ms-request-id': traceId, 'client-request-id': correlationId, 'cache-control': 'no-store, no-cache' }
  )
}

export const unknownTenant = (req: EmuRequest, loginUrl: string, tenant: string): EmuResponse =>
  entraError(
    req,
    loginUrl,
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`
  )
