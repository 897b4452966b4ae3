#!/usr/bin/env bash
# Everything CI checks, in the order a failure is cheapest to read: system binaries, install, build,
# lint, typecheck, every workspace's tests, the packed packages in a consumer project, quick benchmarks.
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

step "build"
pnpm build

step "lint"
pnpm lint --continue
# The root is not a workspace task: its own scripts and configs are checked here.
pnpm exec biome check scripts biome.json package.json turbo.json

step "typecheck (sources and tests)"
pnpm typecheck --continue

step "test (every workspace)"
test_log=$(mktemp)
test_status=0
pnpm test --continue 2>&1 | tee "$test_log" || test_status=$?
node scripts/summarize-tests.mjs "$test_log"
rm -f "$test_log"
[ "$test_status" = 0 ] || exit "$test_status"

step "consumer test (packed tarballs installed outside the workspace)"
node scripts/consumer-test.mjs

step "benchmarks, quick sizes (fail on errors, never on timings)"
pnpm bench --quick

echo
echo "test:all finished in $(($(date +%s) - started)) s"
