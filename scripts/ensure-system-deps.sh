#!/usr/bin/env bash
# Installs the system binaries the test suites drive for real (Chromium for Playwright, nginx for
# the proxy tests and envsubst to render its template as the nginx image does, redis-server for
# resumable streams, openssl for a TLS upstream's certificate) when they are missing: all of
# them, or only those named as arguments (`ensure-system-deps.sh nginx envsubst`, as one CI job
# for infra asks). apt-get needs root, or
# sudo without a password as on GitHub's runners, on Debian/Ubuntu; anywhere else this stops with
# one line naming what to install.
set -euo pipefail

declare -A package_of=([chromium]=chromium [nginx]=nginx [redis-server]=redis-server [envsubst]=gettext-base [openssl]=openssl)
declare -A path_of=([chromium]=/usr/bin/chromium [nginx]=/usr/sbin/nginx [redis-server]=/usr/bin/redis-server [envsubst]=/usr/bin/envsubst [openssl]=/usr/bin/openssl)

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(chromium nginx redis-server envsubst openssl)

missing=()
for binary in "${wanted[@]}"; do
  if [ -z "${package_of[$binary]:-}" ]; then
    echo "ensure-system-deps: unknown binary '$binary' (known: ${!package_of[*]})" >&2
    exit 2
  fi
  if [ ! -x "${path_of[$binary]}" ] && ! command -v "$binary" >/dev/null 2>&1; then
    missing+=("${package_of[$binary]}")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system binaries: ${wanted[*]} installed"
  exit 0
fi

as_root=()
if [ "$(id -u)" != 0 ] && sudo -n true >/dev/null 2>&1; then as_root=(sudo -n); fi
if { [ "$(id -u)" = 0 ] || [ ${#as_root[@]} -gt 0 ]; } && command -v apt-get >/dev/null 2>&1; then
  echo "system binaries: installing ${missing[*]} with apt-get"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts these as services on install; the tests start their own on loopback ports.
  for service in nginx redis-server; do
    if command -v service >/dev/null 2>&1; then "${as_root[@]}" service "$service" stop >/dev/null 2>&1 || true; fi
  done
  exit 0
fi

echo "Missing system binaries: install ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]}; Chromium must be at /usr/bin/chromium)" >&2
exit 1
