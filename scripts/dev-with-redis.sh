#!/usr/bin/env bash
# `pnpm dev` with answers shared through Redis, as replicas share them in production: starts a
# throwaway redis-server on REDIS_PORT (default 6379), points the API at it, stops it on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || {
  echo "redis-server is not installed (Debian/Ubuntu: apt-get install redis-server)" >&2
  exit 1
}
port=${REDIS_PORT:-6379}
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true' EXIT
REDIS_URL="redis://127.0.0.1:$port" pnpm dev
