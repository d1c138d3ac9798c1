#!/usr/bin/env bash
# Installs the Debian programs the test suite drives as real peers, when they
# are missing: chromium (the HTML report's browser test), the real clients
# under test (redis-cli, curl, mosquitto_pub/sub, psql, mariadb, dig, kdig,
# ldapsearch) and openssl (TLS certificates in containers). Run by `npm test` before jest (the `pretest`
# script), so a fresh machine needs nothing installed by hand.
#
# Idempotent and quick when everything is there. As root on Debian it
# installs what is missing; elsewhere it says what is missing and the tests
# that need it are skipped, each saying why. TCPSPEC_NO_SYSTEM_DEPS=1 skips
# this script entirely.
set -euo pipefail
[ "${TCPSPEC_NO_SYSTEM_DEPS:-}" = 1 ] && exit 0

# command -> Debian package
declare -A want=(
  [chromium]=chromium
  [redis-cli]=redis-tools
  [curl]=curl
  [mosquitto_pub]=mosquitto-clients
  [mosquitto_sub]=mosquitto-clients
  [psql]=postgresql-client
  [mariadb]=mariadb-client
  [dig]=bind9-dnsutils
  [kdig]=knot-dnsutils
  [ldapsearch]=ldap-utils
  [openssl]=openssl
  [python3]=python3
)
missing=()
for cmd in "${!want[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${want[$cmd]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${missing[*]} (not root on Debian, so not installed); the tests that need them are skipped" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
t0=$(date +%s)
# The package lists may be absent or stale on a new machine.
apt-get update -qq >/dev/null
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "system-deps: installed in $(( $(date +%s) - t0 ))s" >&2
