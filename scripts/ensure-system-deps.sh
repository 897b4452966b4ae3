#!/usr/bin/env bash
# Installs the system binaries the test suites drive for real (Chromium for Playwright, nginx for
# the proxy tests and envsubst to render its template as the nginx image does, redis-server for
# resumable streams) when they are missing. apt-get needs root on
# Debian/Ubuntu; anywhere else this stops with one line naming what to install.
set -euo pipefail

declare -A package_of=([chromium]=chromium [nginx]=nginx [redis-server]=redis-server [envsubst]=gettext-base)
declare -A path_of=([chromium]=/usr/bin/chromium [nginx]=/usr/sbin/nginx [redis-server]=/usr/bin/redis-server [envsubst]=/usr/bin/envsubst)

missing=()
for binary in chromium nginx redis-server envsubst; do
  if [ ! -x "${path_of[$binary]}" ] && ! command -v "$binary" >/dev/null 2>&1; then
    missing+=("${package_of[$binary]}")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system binaries: chromium, nginx, redis-server and envsubst are installed"
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system binaries: installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts these as services on install; the tests start their own on loopback ports.
  for service in nginx redis-server; do
    if command -v service >/dev/null 2>&1; then service "$service" stop >/dev/null 2>&1 || true; fi
  done
  exit 0
fi

echo "Missing system binaries: install ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]}; Chromium must be at /usr/bin/chromium)" >&2
exit 1
