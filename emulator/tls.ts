// A throw-away certificate authority generated at start-up, and one server certificate it signs for
// every emulated host (they all live on 127.0.0.1, told apart by port; in host-name mode also by their
// `.azure.test` names, which the certificate covers too). Clients trust the CA through
// NODE_EXTRA_CA_CERTS (child processes) or an explicit `ca` option (in-process tests), never by
// turning certificate checks off: the action must be tested with TLS verification on.
import { webcrypto } from 'node:crypto'
import { CERTIFICATE_NAMES } from './names.js'
import { installReflectMetadata } from './reflect-polyfill.js'

export interface EmulatorTls {
  caPem: string
  certPem: string
  keyPem: string
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`
}

/** `extraNames`: further DNS names the server certificate covers (e.g. `login.microsoftonline.com`). */
export async function createTls(extraNames: readonly string[] = []): Promise<EmulatorTls> {
  // Loaded lazily, after the polyfill: loaders (jest's among them) may evaluate CommonJS dependencies
  // before the ES modules that import them, so a static import could run ahead of the polyfill.
  installReflectMetadata()
  const x509 = await import('@peculiar/x509')
  const crypto = webcrypto
  x509.cryptoProvider.set(crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])
  const notBefore = new Date(Date.now() - 60_000)
  const notAfter = new Date(Date.now() + 7 * 24 * 3600_000)
  const caKeys = (await crypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify'
  ])) as webcrypto.CryptoKeyPair
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Azure Emulator Test CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey)
    ]
  })
  const leafKeys = (await crypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify'
  ])) as webcrypto.CryptoKeyPair
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
        true
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
        ...[...CERTIFICATE_NAMES, ...extraNames].map((value) => ({ type: 'dns' as const, value }))
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca)
    ]
  })
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', leafKeys.privateKey)
  return {
    caPem: ca.toString('pem') + '\n',
    certPem: leaf.toString('pem') + '\n',
    keyPem: toPem(pkcs8, 'PRIVATE KEY')
  }
}
