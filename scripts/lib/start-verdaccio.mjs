// A throwaway npm registry: Verdaccio in a child process on a loopback port, storage in a temp
// folder, no uplinks (nothing is proxied to npmjs.org), one user to publish as.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts Verdaccio (the root's devDependency) on 127.0.0.1 with a port the kernel picks, and
 * returns its URL, a token for `scope` publishes, and `stop()` which kills it and deletes its
 * storage.
 *
 * @example
 * const registry = await startVerdaccio({ root, scope: '@tokenwire' });
 * await registry.stop();
 */
export async function startVerdaccio({ root, scope }) {
  const directory = mkdtempSync(join(tmpdir(), 'tokenwire-verdaccio-'));
  const configPath = join(directory, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      storage: join(directory, 'storage'),
      auth: { htpasswd: { file: join(directory, 'htpasswd'), max_users: 1 } },
      uplinks: {},
      packages: {
        [`${scope}/*`]: { access: '$all', publish: '$authenticated' },
        '**': { access: '$all', publish: '$authenticated' },
      },
      log: { type: 'stdout', format: 'pretty', level: 'warn' },
    }),
  );
  const verdaccioEntry = createRequire(join(root, 'package.json')).resolve('verdaccio');
  // runServer is Verdaccio's programmatic entry; listening on port 0 leaves no race for a port.
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '--eval',
      `import verdaccio from ${JSON.stringify(verdaccioEntry)};
       import { readFileSync } from 'node:fs';
       const config = JSON.parse(readFileSync(${JSON.stringify(configPath)}, 'utf8'));
       config.self_path = ${JSON.stringify(configPath)};
       const server = await verdaccio.runServer(config);
       server.listen(0, '127.0.0.1', () => console.log('port=' + server.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    const port = await new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`verdaccio did not listen within 30 s:\n${output}`)),
        30_000,
      );
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (text) => {
        output += text;
        const match = /port=(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`verdaccio exited (${code}):\n${output}`)));
    });
    const url = `http://127.0.0.1:${port}/`;
    // The CouchDB-style sign-up `npm adduser` sends; Verdaccio answers with a bearer token.
    const response = await fetch(`${url}-/user/org.couchdb.user:tokenwire`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'tokenwire', password: 'tokenwire-registry-test' }),
    });
    if (!response.ok) throw new Error(`verdaccio refused the user: ${await response.text()}`);
    const { token } = await response.json();
    return { url, port, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
