#!/usr/bin/env bash
# Build the Docker image and run it for real: /readyz and /v1/analyze on a seed
# article over 127.0.0.1. Starts its own dockerd (own socket, data and exec roots
# under a temp dir, no bridge, no iptables), stops everything it started by PID
# and removes the temp dir. Bounded in time (CONTAINER_CHECK_TIMEOUT seconds).
#
#   scripts/container-check.sh            # lint + build + run + probe
#   CONTAINER_CHECK_PORT=18080 CONTAINER_CHECK_TIMEOUT=1800 scripts/container-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TIMEOUT=${CONTAINER_CHECK_TIMEOUT:-1800}
PORT=${CONTAINER_CHECK_PORT:-18080}
IMAGE=slant:check
BASE=python:3.11-slim
HADOLINT=${HADOLINT:-$ROOT/.venv/bin/hadolint}

log() { printf '[container-check %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

log "lint: hadolint --failure-threshold error Dockerfile"
"$HADOLINT" --failure-threshold error Dockerfile

apt_updated=""
apt_install() {  # a fresh machine's package lists may be empty: update once first
  [[ -n "$apt_updated" ]] || { apt-get update -q >/dev/null; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}
if ! command -v dockerd >/dev/null 2>&1; then
  log "installing Debian's docker.io"
  apt_install docker.io
fi
command -v curl >/dev/null 2>&1 || apt_install curl
DOCKER_BIN=$(command -v /usr/bin/docker || command -v docker)

work=$(mktemp -d /tmp/slant-docker.XXXXXX)
sock="$work/docker.sock"
docker() { "$DOCKER_BIN" -H "unix://$sock" "$@"; }
dockerd_pid=""
container=""
watchdog=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$container" ]]; then
    log "logs of the container:"; docker logs --tail 20 "$container" >&2 2>&1 || true
    docker rm -f "$container" >/dev/null 2>&1 || true
  fi
  if [[ -n "$dockerd_pid" ]] && kill -0 "$dockerd_pid" 2>/dev/null; then
    log "stopping dockerd (pid $dockerd_pid)"
    kill -TERM "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$dockerd_pid" 2>/dev/null || true
  fi
  if [[ -n "$watchdog" ]]; then pkill -P "$watchdog" 2>/dev/null || true; kill "$watchdog" 2>/dev/null || true; fi
  # dockerd unmounts its layers on exit; unmount anything left before deleting.
  grep -o " $work/[^ ]*" /proc/self/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || log "could not remove $work completely"
  if (( rc == 0 )); then log "OK"; else log "FAILED (exit $rc)"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 124' INT TERM

( sleep "$TIMEOUT"; log "time limit of ${TIMEOUT}s reached"; kill -TERM $$ ) 2>/dev/null &
watchdog=$!

start_dockerd() {
  local driver=$1
  log "starting dockerd (storage driver $driver, root $work)"
  dockerd -H "unix://$sock" --data-root "$work/data" --exec-root "$work/exec" \
    --pidfile "$work/dockerd.pid" --bridge=none --iptables=false --ip6tables=false \
    --storage-driver "$driver" >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 1
  done
  log "dockerd with $driver did not come up:"; tail -5 "$work/dockerd.log" >&2
  kill -TERM "$dockerd_pid" 2>/dev/null || true
  wait "$dockerd_pid" 2>/dev/null || true
  dockerd_pid=""
  return 1
}
start_dockerd overlay2 || start_dockerd vfs || { log "no usable docker storage driver"; exit 1; }

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
  if ! timeout 300 docker pull -q "$BASE" >/dev/null 2>&1; then
    log "$BASE cannot be pulled; building a Debian bookworm stand-in with mmdebstrap"
    command -v mmdebstrap >/dev/null 2>&1 || apt_install mmdebstrap
    cache=${CONTAINER_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slant}
    mkdir -p "$cache"
    if [[ ! -f "$cache/base-bookworm.tar" ]]; then
      timeout 900 mmdebstrap --variant=apt --format=tar --quiet \
        --include=python3,python3-venv,python-is-python3,ca-certificates \
        bookworm "$cache/base-bookworm.tar.part"
      mv "$cache/base-bookworm.tar.part" "$cache/base-bookworm.tar"
    fi
    docker import "$cache/base-bookworm.tar" "$BASE" >/dev/null
  fi
fi

# Build from a staged copy of the checkout, so nothing is written into it.
ctx="$work/context"
mkdir -p "$ctx"
for item in Dockerfile .dockerignore requirements.txt pyproject.toml README.md service lexicons models; do
  [[ -e "$item" ]] && cp -r "$item" "$ctx/"
done
find "$ctx" -name __pycache__ -type d -prune -exec rm -rf {} +

build() { timeout 1200 "$DOCKER_BIN" -H "unix://$sock" build --network host -t "$IMAGE" "$ctx" >"$work/build.log" 2>&1; }
log "building $IMAGE (pip inside the build, --network host)"
if ! build; then
  if grep -qE "SSLError|CERTIFICATE_VERIFY_FAILED|Could not fetch URL|Failed to establish|No matching distribution" "$work/build.log"; then
    log "pip inside the build could not reach PyPI:"
    grep -m3 -oE "(SSLError|Could not fetch URL|Failed to establish)[^)]{0,160}" "$work/build.log" >&2 || true
    log "retrying with a wheelhouse built on the host (pip wheel -r requirements.txt pip==26.3)"
    "$ROOT/.venv/bin/pip" wheel -q -r requirements.txt pip==26.3 -w "$ctx/wheelhouse" >"$work/wheel.log" 2>&1 || {
      log "pip wheel failed:"; tail -20 "$work/wheel.log" >&2; exit 1; }
    build || { log "build failed:"; tail -30 "$work/build.log" >&2; exit 1; }
  else
    log "build failed:"; tail -30 "$work/build.log" >&2; exit 1
  fi
fi
log "built $IMAGE ($(( $(docker image inspect -f '{{.Size}}' "$IMAGE") / 1000000 )) MB)"

log "running $IMAGE on 127.0.0.1:$PORT"
container=$(docker run -d --network host -e PORT="$PORT" -e SLANT_WORKERS=2 "$IMAGE")
container_pid=$(docker inspect -f '{{.State.Pid}}' "$container")
log "container ${container:0:12} (pid $container_pid)"

ready=""
for _ in $(seq 1 60); do
  if body=$(curl -fsS "http://127.0.0.1:$PORT/readyz" 2>/dev/null); then ready=$body; break; fi
  sleep 1
done
[[ -n "$ready" ]] || { log "/readyz never answered"; exit 1; }
log "/readyz: $ready"

seed=$(ls "$ROOT"/../shared/seeds/000_*.txt 2>/dev/null | head -1 || true)
if [[ -n "$seed" ]]; then
  article=$seed
else
  article="$work/article.txt"
  printf 'Officials said the attack killed at least 20 guards. "We will respond," a spokesman said.\n' >"$article"
fi
status=$(curl -sS -o "$work/analyze.json" -w '%{http_code}' -H 'Content-Type: text/plain; charset=utf-8' \
  --data-binary @"$article" "http://127.0.0.1:$PORT/v1/analyze")
[[ "$status" == 200 ]] || { log "/v1/analyze returned $status: $(head -c 500 "$work/analyze.json")"; exit 1; }
python3 - "$work/analyze.json" "$article" <<'PY'
import json, sys
body = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
assert body["features"], "no features"
bad = [s for s in body["spans"] if text[s["start"]:s["end"]] != s["text"]]
assert not bad, f"{len(bad)} spans do not match the text"
print(f"[container-check] /v1/analyze: {len(body['features'])} features, {len(body['spans'])} spans, "
      f"{body['meta']['word_count']} words", file=sys.stderr)
PY
health=""
for _ in $(seq 1 30); do
  health=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$container")
  [[ "$health" == healthy || "$health" == unhealthy ]] && break
  sleep 1
done
[[ "$health" == healthy ]] || { log "HEALTHCHECK status: ${health:-none}"; exit 1; }
log "HEALTHCHECK status: $health"
user=$(docker exec "$container" id -u)
[[ "$user" != 0 ]] || { log "the container runs as root"; exit 1; }
log "runs as uid $user"
