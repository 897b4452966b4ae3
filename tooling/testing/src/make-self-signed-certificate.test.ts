import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { makeSelfSignedCertificate } from './make-self-signed-certificate.js';

describe('makeSelfSignedCertificate', () => {
  it('makes a certificate for 127.0.0.1 that a client trusting it verifies', async () => {
    const { key, cert } = makeSelfSignedCertificate();
    const server = createServer({ key, cert }, (socket) => socket.end('hello'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const trusted = connect({ host: '127.0.0.1', port, ca: cert });
      const chunks: Buffer[] = [];
      trusted.on('data', (chunk: Buffer) => chunks.push(chunk));
      await once(trusted, 'end');
      expect(trusted.authorized).toBe(true);
      expect(Buffer.concat(chunks).toString()).toBe('hello');
      // Without it, the same server is refused: the check above is not a default that trusts all.
      const untrusted = connect({ host: '127.0.0.1', port });
      const [error] = (await once(untrusted, 'error')) as [NodeJS.ErrnoException];
      expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    } finally {
      server.close();
    }
  });
});
