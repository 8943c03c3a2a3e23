# Shared by infra/up, infra/test and infra/down: install or start what Neuron needs on this machine.
# Everything the scripts start is recorded under .local/ so infra/down stops exactly that.
# shellcheck shell=bash
NEURON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NEURON_LOCAL="$NEURON_ROOT/.local"
mkdir -p "$NEURON_LOCAL/logs" "$NEURON_LOCAL/pids"

say() { printf '[neuron %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[neuron] error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# A Docker engine: use a running one; otherwise install docker.io (root only) and start dockerd.
ensure_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  if ! command -v dockerd >/dev/null 2>&1; then
    is_root || die "no Docker engine is running and only root can install one: sudo apt-get install docker.io, start it, rerun"
    say "installing docker.io from apt"
    apt-get update -q >"$NEURON_LOCAL/logs/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >>"$NEURON_LOCAL/logs/apt.log" 2>&1 \
      || { tail -n 20 "$NEURON_LOCAL/logs/apt.log"; die "apt-get install docker.io failed"; }
  fi
  is_root || die "dockerd is installed but not running; start it (sudo systemctl start docker) and rerun"
  say "starting dockerd (log: .local/logs/dockerd.log)"
  nohup dockerd >"$NEURON_LOCAL/logs/dockerd.log" 2>&1 &
  echo $! >"$NEURON_LOCAL/pids/dockerd.pid"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return; sleep 1; done
  tail -n 20 "$NEURON_LOCAL/logs/dockerd.log"
  die "dockerd did not come up within 60 s"
}

# Azurite, pinned in infra/azurite/package.json.
ensure_azurite_installed() {
  local dir="$NEURON_ROOT/infra/azurite"
  if [ ! -x "$dir/node_modules/.bin/azurite" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    command -v npm >/dev/null 2>&1 || die "npm is needed for Azurite (apt-get install nodejs npm)"
    say "installing Azurite (npm ci)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >"$NEURON_LOCAL/logs/npm.log" 2>&1 \
      || { tail -n 20 "$NEURON_LOCAL/logs/npm.log"; die "npm ci failed"; }
  fi
}

ensure_images() { "$NEURON_ROOT/infra/build-images"; }

# Debian packages some tests drive for real (cloud-init's schema validator, shellcheck).
ensure_apt_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return
  is_root || die "missing Debian packages: ${missing[*]} (apt-get install them)"
  say "installing ${missing[*]} from apt"
  apt-get update -q >"$NEURON_LOCAL/logs/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$NEURON_LOCAL/logs/apt.log" 2>&1 \
    || { tail -n 20 "$NEURON_LOCAL/logs/apt.log"; die "apt-get install ${missing[*]} failed"; }
}

# pid file name → running?
running() { local f="$NEURON_LOCAL/pids/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
