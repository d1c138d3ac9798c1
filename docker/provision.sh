#!/usr/bin/env bash
# Makes a Docker engine available and builds every image under docker/*/.
#
# The single entry point for the jest global setup, src/containers and .ci/run.
# Idempotent: a warm run only checks the engine and the image tags.
#
#   1. engine: use `docker info` if it answers; else, as root on Debian,
#      install docker.io (and mmdebstrap) if missing, start containerd and
#      then `dockerd --bridge=none --iptables=false` on it, in the background.
#   2. base:   if debian:bookworm-slim is absent and cannot be pulled, make it
#      with mmdebstrap --variant=minbase + docker import, configured like the
#      official image (no service starts in a build, dpkg without fsync, no docs).
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
# to wait for it, default 900: a cold build of every image takes 3-6 minutes),
# TCPSPEC_BUILD_JOBS (images built at once, default 4).
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
  # 9>&-: the daemons must not hold the provisioning lock (fd 9) for their whole life.
  # setsid -f, not &: a daemon left as a job of this script is one that build_images'
  # `wait -n` waits on forever (a machine with no engine yet hung here until the 900 s bound).
  setsid -f containerd --address "$containerd_sock" >"$containerd_log" 2>&1 </dev/null 9>&-
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
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
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
      # setsid -f: dockerd must outlive this script and the test run that called it, and not be its job
      setsid -f dockerd --containerd="$containerd_sock" --bridge=none --iptables=false \
        >"$dockerd_log" 2>&1 </dev/null 9>&-
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

# configure_like_official_image ROOT: what the official debian:bookworm-slim
# image sets (debuerreotype's minimizing config and slimify), so an image
# built on our own base behaves and builds as on the real one:
# no daemon is started by a package's postinst (policy-rc.d), dpkg does not
# fsync every file it unpacks, and no documentation, manuals or translations
# are unpacked. Without these a cold build of every image took 9 minutes.
configure_like_official_image() {
  local root=$1
  mkdir -p "$root/usr/sbin" "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/apt/apt.conf.d"
  printf '#!/bin/sh\n# no service starts while an image is built\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  echo 'force-unsafe-io' >"$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/linda/*' \
    'path-exclude /usr/share/locale/*' 'path-include /usr/share/locale/locale.alias' \
    >"$root/etc/dpkg/dpkg.cfg.d/docker"
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
}

ensure_base() {
  local t0; t0=$(date +%s)
  if docker image inspect "$base_image" >/dev/null 2>&1; then
    log "base: $base_image present"; return
  fi
  if timeout 60 docker pull -q "$base_image" >/dev/null 2>&1; then
    log "base: pulled $base_image"; phase base "$t0"; return
  fi
  command -v mmdebstrap >/dev/null 2>&1 || {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
      || die "$base_image is absent, cannot be pulled, and mmdebstrap is not installed (install it, or load the image with docker load)"
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null \
      || die "apt-get install mmdebstrap failed"
  }
  log "base: $base_image cannot be pulled; building it with mmdebstrap (about 60s)"
  # mmdebstrap rather than debootstrap: it fetches packages in parallel
  # through apt and writes the tarball without a root directory (debootstrap
  # took 162 s where mmdebstrap took 67 s, both on a busy machine).
  local hook; hook=$(mktemp /tmp/tcpspec-base-hook.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -f '$hook'" EXIT
  { declare -f configure_like_official_image; echo 'configure_like_official_image "$1"'; } >"$hook"
  # The package lists stay in the base (--skip=cleanup/apt/lists): each
  # image's `apt-get update` then finds them current and downloads no index
  # again (4 s instead of 10 s an image). Images remove them in their own layer.
  mmdebstrap --variant=minbase --skip=cleanup/apt/lists --setup-hook="bash $hook \"\$1\"" \
    bookworm - 2>/tmp/tcpspec-mmdebstrap.log | docker import - "$base_image" >/dev/null \
    || die "mmdebstrap bookworm | docker import $base_image failed (log: /tmp/tcpspec-mmdebstrap.log)"
  rm -f "$hook"; trap - EXIT
  phase base "$t0"
}

# folder_hash DIR: one hash of the folder's file names and contents
folder_hash() {
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-12
}

# build_one NAME DIR TAG: builds one image (its log: /tmp/tcpspec-build-NAME.log)
build_one() {
  local name=$1 dir=$2 tag=$3 t0 blog="/tmp/tcpspec-build-$1.log"
  t0=$(date +%s)
  # --force-rm: a failed step leaves no stopped container behind
  if ! docker build --network host --force-rm -q -t "$tag" "$dir" >"$blog" 2>&1; then
    tail -n 30 "$blog" >&2
    log "ERROR: building $tag from $dir failed (log: $blog)"
    return 1
  fi
  phase "build $name" "$t0"
  # older builds of this folder are dead weight: drop their tags
  docker image ls "tcpspec/$name" --format '{{.Repository}}:{{.Tag}}' | grep -vxF "$tag" \
    | xargs -r docker rmi >/dev/null 2>&1 || true
}

# Images whose builds take longest (most packages to fetch, unpack and set
# up), started first so the parallel builds end close together.
slow_first=(postgres mariadb http-apache dns smtp smtp-exim ldap)

# Builds every missing image, at most TCPSPEC_BUILD_JOBS (default 4) at once:
# a build waits on the network (apt) as much as on the cores, so builds side
# by side overlap one's download with another's unpacking.
build_images() {
  local entries=() todo=() dir name tag jobs_max="${TCPSPEC_BUILD_JOBS:-4}" failed=0 t0
  t0=$(date +%s)
  local ordered=()
  for name in "${slow_first[@]}"; do [ -f "$here/$name/Dockerfile" ] && ordered+=("$here/$name/"); done
  for dir in "$here"/*/; do
    [ -f "$dir/Dockerfile" ] || continue
    [[ " ${slow_first[*]} " == *" $(basename "$dir") "* ]] || ordered+=("$dir")
  done
  for dir in "${ordered[@]}"; do
    name=$(basename "$dir")
    tag="tcpspec/$name:$(folder_hash "$dir")"
    entries+=("\"$name\": \"$tag\"")
    if docker image inspect "$tag" >/dev/null 2>&1; then
      log "image: $tag present"
    else
      todo+=("$name $dir $tag")
    fi
  done
  if [ ${#todo[@]} -gt 0 ]; then
    log "images: building ${#todo[@]}, up to $jobs_max at once"
    local job
    for job in "${todo[@]}"; do
      while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || failed=1; done
      # shellcheck disable=SC2086 # NAME DIR TAG, none with spaces
      build_one $job &
    done
    while [ -n "$(jobs -rp)" ]; do wait -n || failed=1; done
    [ "$failed" = 0 ] || die "an image build failed (see above)"
    phase "images (${#todo[@]} built)" "$t0"
  fi
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
