import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private key and its certificate, PEM-encoded. */
export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

/**
 * A key and a certificate for `127.0.0.1` (P-256, valid for a day), made by `openssl` for this
 * run: what a TLS server on loopback needs, and what its clients trust (`ca`, or
 * `NODE_EXTRA_CA_CERTS` for a whole process). Throws saying how to install openssl when missing.
 *
 * @example
 * const { key, cert } = makeSelfSignedCertificate();
 * const server = createServer({ key, cert }); // node:https or node:tls
 */
export function makeSelfSignedCertificate(): SelfSignedCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'tokenwire-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
  } catch (error) {
    throw new Error('A TLS certificate needs openssl: bash scripts/ensure-system-deps.sh openssl', {
      cause: error,
    });
  }
  try {
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
