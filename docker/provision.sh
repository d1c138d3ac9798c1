#!/usr/bin/env bash
# Makes a Docker engine available and builds every image under docker/*/.
#
# The single entry point for the jest global setup, src/containers and .ci/run.
# Idempotent: a warm run only checks the engine and the image tags.
#
#   1. engine: use `docker info` if it answers; else, as root on Debian,
#      install docker.io (and debootstrap) if missing, start containerd and
#      then `dockerd --bridge=none --iptables=false` on it, in the background.
#   2. base:   if debian:bookworm-slim is absent and cannot be pulled, make it
#      with debootstrap --variant=minbase + docker import.
#   3. images: build docker/NAME/ as tcpspec/NAME:HASH (HASH = sha256 of the
#      folder's files, names and contents); skip when that tag exists.
#   4. write docker/.images.json: { "NAME": "tcpspec/NAME:HASH", ... }, the one
#      place src/containers learns the tags from.
#
# Environment: DOCKER_HOST (use a remote engine; nothing is installed then),
# TCPSPEC_DOCKERD_LOG (default /tmp/tcpspec-dockerd.log),
# TCPSPEC_ENGINE_WAIT (seconds to wait for a started containerd, and for
# dockerd, default 90), TCPSPEC_CONTAINERD_LOG (default /tmp/tcpspec-containerd.log),
# TCPSPEC_PROVISION_LOCK (the lock file concurrent runs take turns on,
# default /tmp/tcpspec-provision.lock), TCPSPEC_PROVISION_LOCK_WAIT (seconds
# to wait for it, default 900: a cold build of every image takes about 2 minutes).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="$here/.images.json"
dockerd_log="${TCPSPEC_DOCKERD_LOG:-/tmp/tcpspec-dockerd.log}"
engine_wait="${TCPSPEC_ENGINE_WAIT:-90}"
base_image="debian:bookworm-slim"
export DEBIAN_FRONTEND=noninteractive

log() { echo "provision: $*" >&2; }
die() {
  echo "provision: ERROR: $*" >&2
  exit 1
}
# phase NAME START: prints how long a phase took
phase() { log "$1 took $(( $(date +%s) - $2 ))s"; }

no_engine() {
  die "no Docker engine available: $1
  To fix: start a Docker engine and make \`docker info\` work for this user,
  or point DOCKER_HOST at a remote engine (e.g. DOCKER_HOST=ssh://user@host),
  or run this script as root on Debian/Ubuntu so it can install and start docker.io itself."
}

engine_up() { docker info >/dev/null 2>&1; }

containerd_sock=/run/containerd/containerd.sock
containerd_log="${TCPSPEC_CONTAINERD_LOG:-/tmp/tcpspec-containerd.log}"
containerd_up() { ctr --address "$containerd_sock" version >/dev/null 2>&1; }

# wait_until CHECK SECONDS: polls CHECK every half second, within the bound
wait_until() {
  local deadline=$(( $(date +%s) + $2 ))
  until "$1"; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.5
  done
}

start_containerd() {
  containerd_up && return
  log "engine: starting containerd (log: $containerd_log)"
  # 9>&-: the daemons must not hold the provisioning lock (fd 9) for their whole life
  setsid containerd --address "$containerd_sock" >"$containerd_log" 2>&1 </dev/null 9>&- &
  wait_until containerd_up "$engine_wait" && return
  tail -n 20 "$containerd_log" >&2 2>/dev/null || true
  no_engine "containerd did not answer on $containerd_sock within ${engine_wait}s (log: $containerd_log)"
}

# stop_engine: ends a dockerd (and containerd) that never answered, so the next try starts clean
stop_engine() {
  pkill -x dockerd 2>/dev/null || true
  wait_until dockerd_gone 20 || pkill -9 -x dockerd 2>/dev/null || true
  pkill -x containerd 2>/dev/null || true
  rm -f /var/run/docker.pid
}
dockerd_gone() { ! pgrep -x dockerd >/dev/null 2>&1; }

ensure_engine() {
  local t0; t0=$(date +%s)
  if command -v docker >/dev/null 2>&1 && engine_up; then
    log "engine: using the running engine ($(docker info --format '{{.ServerVersion}}' 2>/dev/null))"
    phase engine "$t0"; return
  fi
  [ -n "${DOCKER_HOST:-}" ] && no_engine "DOCKER_HOST=$DOCKER_HOST does not answer \`docker info\`"
  [ "$(id -u)" = 0 ] || no_engine "\`docker info\` fails and this script is not root, so it cannot start dockerd"
  command -v apt-get >/dev/null 2>&1 || no_engine "\`docker info\` fails and this is not a Debian-like system (no apt-get)"

  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    log "engine: installing ${missing[*]}"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  fi
  command -v docker >/dev/null 2>&1 || die "docker.io is installed but no docker client is on PATH"

  # dockerd gives the containerd it starts itself only a short while to come
  # up, and on a busy machine that boot once took longer ("timeout waiting for
  # containerd to start"): start containerd first and wait for it within our
  # own bound, then hand its socket to dockerd. Two tries before giving up.
  local try
  for try in 1 2; do
    if ! pgrep -x dockerd >/dev/null 2>&1; then
      start_containerd
      log "engine: starting dockerd --bridge=none --iptables=false (log: $dockerd_log)"
      # setsid: dockerd must outlive this script and the test run that called it
      setsid dockerd --containerd="$containerd_sock" --bridge=none --iptables=false \
        >"$dockerd_log" 2>&1 </dev/null 9>&- &
    fi
    if wait_until engine_up "$engine_wait"; then break; fi
    tail -n 20 "$dockerd_log" >&2 2>/dev/null || true
    [ "$try" = 2 ] && no_engine "dockerd did not answer \`docker info\` within ${engine_wait}s, twice (logs: $dockerd_log, $containerd_log)"
    log "engine: dockerd did not answer within ${engine_wait}s; stopping it and trying once more"
    stop_engine
  done
  log "engine: dockerd is up"
  phase engine "$t0"
}

ensure_base() {
  local t0; t0=$(date +%s)
  if docker image inspect "$base_image" >/dev/null 2>&1; then
    log "base: $base_image present"; return
  fi
  if timeout 60 docker pull -q "$base_image" >/dev/null 2>&1; then
    log "base: pulled $base_image"; phase base "$t0"; return
  fi
  command -v debootstrap >/dev/null 2>&1 || {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
      || die "$base_image is absent, cannot be pulled, and debootstrap is not installed (install it, or load the image with docker load)"
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
      || die "apt-get install debootstrap failed"
  }
  log "base: $base_image cannot be pulled; building it with debootstrap (about 30-60s)"
  local dir; dir=$(mktemp -d /tmp/tcpspec-rootfs.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$dir'" EXIT
  debootstrap --variant=minbase bookworm "$dir" >/tmp/tcpspec-debootstrap.log 2>&1 \
    || die "debootstrap failed (log: /tmp/tcpspec-debootstrap.log)"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | docker import - "$base_image" >/dev/null || die "docker import of $base_image failed"
  rm -rf "$dir"; trap - EXIT
  phase base "$t0"
}

# folder_hash DIR: one hash of the folder's file names and contents
folder_hash() {
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-12
}

build_images() {
  local entries=() dir name tag t0
  for dir in "$here"/*/; do
    [ -f "$dir/Dockerfile" ] || continue
    name=$(basename "$dir")
    tag="tcpspec/$name:$(folder_hash "$dir")"
    entries+=("\"$name\": \"$tag\"")
    if docker image inspect "$tag" >/dev/null 2>&1; then
      log "image: $tag present"
      continue
    fi
    t0=$(date +%s)
    log "image: building $tag"
    local blog="/tmp/tcpspec-build-$name.log"
    docker build --network host -q -t "$tag" "$dir" >"$blog" 2>&1 \
      || { tail -n 30 "$blog" >&2; die "building $tag from $dir failed (log: $blog)"; }
    phase "build $name" "$t0"
    # older builds of this folder are dead weight: drop their tags
    docker image ls "tcpspec/$name" --format '{{.Repository}}:{{.Tag}}' | grep -vxF "$tag" \
      | xargs -r docker rmi >/dev/null 2>&1 || true
  done
  local IFS=,
  printf '{%s}\n' "${entries[*]}" >"$manifest.tmp" && mv "$manifest.tmp" "$manifest"
  log "manifest: $manifest"
}

total0=$(date +%s)
# Two runs provisioning at once (two CI jobs, two `tcpspec run`s) take turns:
# one builds, the other then finds every tag present.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TCPSPEC_PROVISION_LOCK:-/tmp/tcpspec-provision.lock}"
  lock_wait="${TCPSPEC_PROVISION_LOCK_WAIT:-900}"
  flock -w "$lock_wait" 9 \
    || die "another provisioning still holds ${TCPSPEC_PROVISION_LOCK:-/tmp/tcpspec-provision.lock} after ${lock_wait}s (see: fuser -v on that file)"
fi
ensure_engine
ensure_base
build_images
phase total "$total0"
