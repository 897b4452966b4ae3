#!/usr/bin/env bash
# Everything CI checks, in the order a failure is cheapest to read: system binaries, install,
# pending changesets, build, lint (workflows included), typecheck, every workspace's tests and the
# CI scripts' own, the release path against a real registry, quick benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`tokenwire needs Node >= 20.19; this is ${process.version}`);
    process.exit(1);
  }'

step() { printf '\n== %s\n' "$*"; }
started=$(date +%s)

step "system binaries"
bash scripts/ensure-system-deps.sh

step "install"
if [ "${CI:-}" = true ]; then pnpm install --frozen-lockfile; else pnpm install; fi

step "changesets (changeset version on a throwaway copy)"
node scripts/check-changesets.mjs

step "build"
pnpm build

step "lint (the root's files and workflows first, then every workspace)"
pnpm lint --continue

step "typecheck (sources and tests)"
pnpm typecheck --continue

step "test (every workspace)"
test_log=$(mktemp)
test_status=0
pnpm test --continue 2>&1 | tee "$test_log" || test_status=$?
# The CI scripts' tests (affected workspaces on a throwaway git repository) count in the total.
pnpm test:scripts 2>&1 | tee -a "$test_log" || test_status=$?
node scripts/summarize-tests.mjs "$test_log"
rm -f "$test_log"
[ "$test_status" = 0 ] || exit "$test_status"

step "registry test (changeset publish to Verdaccio, npm install outside the workspace, a changeset bumps one package)"
node scripts/registry-test.mjs

step "benchmarks, quick sizes (fail on errors, never on timings)"
pnpm bench --quick

echo
echo "test:all finished in $(($(date +%s) - started)) s"
