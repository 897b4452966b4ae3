// Runs `changeset version` on a throwaway copy of the work tree, so a malformed changeset (a
// formatter eating its closing `---`) fails CI here instead of the release job, and prints which
// packages the pending changesets would bump.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyWorktree } from './lib/copy-worktree.mjs';
import { listWorkspaces } from './lib/list-workspaces.mjs';

const root = resolve(import.meta.dirname, '..');
const changesetBin = join(root, 'node_modules/@changesets/cli/bin.js');
const copy = copyWorktree(root, { prefix: 'tokenwire-changesets-' });
const versionsIn = (directory) =>
  new Map(listWorkspaces(directory).map((project) => [project.name, project.manifest.version]));

try {
  const pending = readdirSync(join(copy, '.changeset')).filter(
    (file) => file.endsWith('.md') && file !== 'README.md',
  );
  const before = versionsIn(copy);
  execFileSync(process.execPath, [changesetBin, 'version'], { cwd: copy, stdio: 'inherit' });
  const bumps = [...versionsIn(copy)]
    .filter(([name, version]) => before.get(name) !== version)
    .map(([name, version]) => `${name} ${before.get(name)} -> ${version}`);
  console.log(
    `changesets: ${pending.length} pending changeset(s) parse; changeset version would bump ${
      bumps.length === 0 ? 'nothing' : bumps.join(', ')
    }`,
  );
} catch {
  console.error('changesets: `changeset version` fails on this work tree (see above)');
  process.exitCode = 1;
} finally {
  rmSync(copy, { recursive: true, force: true });
}
