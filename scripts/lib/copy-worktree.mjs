// Copies the work tree as git sees it (tracked and untracked files, minus what .gitignore drops)
// into a fresh temporary folder, so a step that rewrites files (changeset version) runs on a copy.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Copies the repository at `root` into a new folder under the OS temp directory and returns its
 * path. `extraPaths` (relative, e.g. `packages/protocol/dist`) are copied too although git ignores
 * them: a publish needs the built output.
 *
 * @example
 * const copy = copyWorktree(root, { extraPaths: ['packages/client/dist'] });
 */
export function copyWorktree(root, { prefix = 'tokenwire-copy-', extraPaths = [] } = {}) {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  const listed = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  for (const path of [...listed.split('\0').filter(Boolean), ...extraPaths]) {
    // A tracked file deleted in the work tree is not part of what the copy should see.
    if (!existsSync(join(root, path))) continue;
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    cpSync(join(root, path), join(copy, path), { recursive: true });
  }
  return copy;
}
