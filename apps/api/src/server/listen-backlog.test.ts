import { readFileSync } from 'node:fs';
import { readListenBacklog } from '@tokenwire/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { launchServer } from './launch-server.js';

/** Linux caps a listen backlog at this. */
const SOMAXCONN = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));

describe('the listening socket’s backlog', () => {
  it('is 4,096 by default (as far as net.core.somaxconn allows), not Node’s 511', async () => {
    const api = await launchServer(loadConfig({}), { port: 0, logger: false });
    try {
      expect(readListenBacklog(api.port)).toBe(Math.min(4096, SOMAXCONN));
    } finally {
      await api.close();
    }
  });

  it('is LISTEN_BACKLOG, kept when more acceptors listen on the same socket', async () => {
    const api = await launchServer(loadConfig({ LISTEN_BACKLOG: '300', ACCEPTORS: '3' }), {
      port: 0,
      logger: false,
    });
    try {
      expect(readListenBacklog(api.port)).toBe(Math.min(300, SOMAXCONN));
    } finally {
      await api.close();
    }
  });
});
