import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { startNginx } from './start-nginx.js';

const site = (listen: string): string => `server {
  listen ${listen};
  location / { return 200 "hello from nginx\\n"; }
  location /missing { proxy_pass http://127.0.0.1:9; }
}`;

describe('startNginx', () => {
  test('serves the given http config on a free loopback port, and close() removes its folder', async () => {
    const nginx = await startNginx({ httpConfig: site });
    try {
      expect(nginx.url).toBe(`http://127.0.0.1:${nginx.port}`);
      const response = await fetch(nginx.url);
      expect(await response.text()).toBe('hello from nginx\n');
      const pids = nginx.pids();
      expect(pids.length).toBe(2);
      for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(true);
    } finally {
      await nginx.close();
    }
    expect(existsSync(`/proc/${nginx.pids()[0]}/status`)).toBe(false);
  });

  test("keeps nginx's error log: a refused upstream is reported there", async () => {
    const nginx = await startNginx({ httpConfig: site });
    try {
      expect((await fetch(`${nginx.url}/missing`)).status).toBe(502);
      await expect.poll(() => nginx.errorLog()).toMatch(/connect\(\) failed/);
    } finally {
      await nginx.close();
    }
  });

  test('pins nginx to one core with taskset when asked', async () => {
    const nginx = await startNginx({ httpConfig: site, core: 0, hasAccessLog: true });
    try {
      await fetch(nginx.url);
      const status = await import('node:fs').then((fs) =>
        fs.readFileSync(`/proc/${nginx.pids()[0]}/status`, 'utf8'),
      );
      expect(status).toMatch(/^Cpus_allowed_list:\s+0$/m);
    } finally {
      await nginx.close();
    }
  });

  test('fails with nginx own words when the config does not parse', async () => {
    await expect(startNginx({ httpConfig: () => 'server { nonsense; }' })).rejects.toThrow(
      /unknown directive "nonsense"/,
    );
  });
});
