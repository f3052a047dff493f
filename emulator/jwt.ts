// Minimal RS256 JSON Web Tokens: the emulator signs GitHub ID tokens and Entra access tokens with its
// own keys and verifies them itself, so no JOSE library is needed (and none of its options can hide a bug).
import { createHash, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto'

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
}

export type Claims = Record<string, unknown>

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: KeyObject; publicKey: KeyObject }>(
    (resolve, reject) =>
      generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) =>
        err ? reject(err) : resolve({ publicKey, privateKey })
      )
  )
  // Like Entra and GitHub, the key ID is derived from the key (x5t-style thumbprint).
  const der = publicKey.export({ format: 'der', type: 'spki' })
  return { kid: b64url(createHash('sha1').update(der).digest()), privateKey, publicKey }
}

export function signJwt(key: SigningKey, claims: Claims, extraHeader: Claims = {}): string {
  const header = { typ: 'JWT', alg: 'RS256', kid: key.kid, x5t: key.kid, ...extraHeader }
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
  return `${input}.${b64url(sign('RSA-SHA256', Buffer.from(input), key.privateKey))}`
}

/** Decodes without verifying; undefined when the text is not a JWT. */
export function decodeJwt(token: string): { header: Claims; claims: Claims } | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as Claims,
      claims: JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Claims
    }
  } catch {
    return undefined
  }
}

/** Claims when the signature is the key's, else undefined. Time checks are the caller's. */
export function verifyJwt(key: SigningKey, token: string): Claims | undefined {
  const decoded = decodeJwt(token)
  if (!decoded || decoded.header.alg !== 'RS256') return undefined
  const [h, p, s] = token.split('.') as [string, string, string]
  const ok = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key.publicKey, Buffer.from(s, 'base64url'))
  return ok ? decoded.claims : undefined
}

export function jwks(key: SigningKey): { keys: Claims[] } {
  const jwk = key.publicKey.export({ format: 'jwk' })
  return { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, x5t: key.kid, n: jwk.n, e: jwk.e }] }
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)
