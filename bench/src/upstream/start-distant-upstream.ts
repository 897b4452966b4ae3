import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCertificate } from '@tokenwire/testing';
import { startLatencyRelay } from './start-latency-relay.js';
import { startUpstream, type Upstream } from './start-upstream.js';

/** The bench's upstream served over TLS behind a delay (see {@link startDistantUpstream}). */
export interface DistantUpstream extends Upstream {
  /** The certificate to trust, as a PEM file: `NODE_EXTRA_CA_CERTS` for a system's process. */
  readonly caFile: string;
}

/**
 * The bench's upstream as a model provider is reached: over HTTPS, `2 × delayMs` of round trip
 * away (a {@link startLatencyRelay} in front of a TLS {@link startUpstream}, its certificate
 * made for this run). `url` and `port` are the relay's; plans register as on any upstream.
 *
 * @example
 * const upstream = await startDistantUpstream({ delayMs: 10 });
 * // a system started with NODE_EXTRA_CA_CERTS=upstream.caFile and upstream.url
 * await upstream.close();
 */
export async function startDistantUpstream(options: { delayMs: number }): Promise<DistantUpstream> {
  const certificate = makeSelfSignedCertificate();
  const directory = mkdtempSync(join(tmpdir(), 'tokenwire-bench-ca-'));
  const caFile = join(directory, 'ca.pem');
  writeFileSync(caFile, certificate.cert);
  const upstream = await startUpstream({ tls: certificate });
  const relay = await startLatencyRelay({ targetPort: upstream.port, delayMs: options.delayMs });
  return {
    url: `https://127.0.0.1:${relay.port}/v1`,
    port: relay.port,
    caFile,
    register: (plan) => upstream.register(plan),
    release: (plan) => upstream.release(plan),
    get openStreams() {
      return upstream.openStreams;
    },
    close: async () => {
      await relay.close();
      await upstream.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
