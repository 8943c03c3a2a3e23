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
  # The chaos suite (tests/Neuron.Chaos.Tests) kills and restarts the shared engine while this file exists: let it
  # finish rather than race it (it sets NEURON_CHAOS_DOCKERD for its own restart).
  if [ -z "${NEURON_CHAOS_DOCKERD:-}" ]; then
    for _ in $(seq 1 120); do [ -e "$DOCKERD_CHAOS_MARKER" ] || break; sleep 1; done
    docker info >/dev/null 2>&1 && return
  fi
  # One starter at a time (several checkouts may run infra/up or infra/test at once); the others find it up.
  (
    flock -w 120 9 || die "could not take $DOCKERD_LOCK within 120 s"
    docker info >/dev/null 2>&1 && exit 0
    clear_stale_pid_file /var/run/docker.pid dockerd
    clear_stale_pid_file /var/run/docker/containerd/containerd.pid containerd
    if [ -f /var/run/docker.pid ]; then
      say "dockerd (pid $(cat /var/run/docker.pid)) is running but not answering yet; waiting for it"
    else
      say "starting dockerd (log: .local/logs/dockerd.log)"
      # fd 9 (the lock) must not outlive this subshell in dockerd.
      nohup dockerd </dev/null >"$NEURON_LOCAL/logs/dockerd.log" 2>&1 9>&- &
      record_pid dockerd $!
    fi
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && exit 0; sleep 1; done
    tail -n 20 "$NEURON_LOCAL/logs/dockerd.log"
    die "dockerd did not come up within 60 s"
  ) 9>"$DOCKERD_LOCK" || exit 1
}
DOCKERD_CHAOS_MARKER=/tmp/neuron-dockerd-chaos
DOCKERD_LOCK=/run/neuron-dockerd.lock

# A daemon killed hard (SIGKILL, OOM, power loss) leaves its pid file: dockerd then refuses to start ("pid file
# found, ensure docker is not running") and reuses a containerd its file names, even when that pid is dead or now
# another process. Removes the file unless it names a live process of the expected name.
# A zombie (killed, not yet reaped by its parent) counts as dead.
clear_stale_pid_file() { # file, process name
  local file=$1 name=$2 pid stat
  [ -f "$file" ] || return 0
  pid=$(cat "$file" 2>/dev/null || true)
  stat=$(cat "/proc/$pid/stat" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "${stat#* (}" != "$stat" ] && [ "${stat#* ("$name") }" != "$stat" ] && [ "${stat#* ("$name") Z}" = "$stat" ]; then return 0; fi
  say "removing stale $file (pid ${pid:-none} is not a running $name)"
  rm -f "$file"
}

# gVisor (issue 18): the runsc package and its registration as the Docker runtime "runsc" (infra/register-runsc),
# for a runner with Runner__Runtime=runsc (or Runtimes__<language>=runsc) and for the test matrix over runtimes.
ensure_runsc() {
  if ! command -v runsc >/dev/null 2>&1; then ensure_apt_packages runsc; fi
  if docker info --format '{{range $name, $_ := .Runtimes}}{{$name}} {{end}}' 2>/dev/null | grep -qw runsc; then return; fi
  is_root || die "dockerd has no runsc runtime and only root can register it: sudo infra/register-runsc"
  "$NEURON_ROOT/infra/register-runsc" || die "could not register runsc with dockerd"
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

# A started process is recorded as "pid start-time" (.local/pids/<name>.pid): after a crash or a reboot its pid may
# belong to another process, and the start time tells them apart.
start_time() { local stat fields; stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; read -ra fields <<<"${stat##*) }"; echo "${fields[19]}"; }
record_pid() { echo "$2 $(start_time "$2")" >"$NEURON_LOCAL/pids/$1.pid"; }
recorded_pid() { local pid _; read -r pid _ <"$NEURON_LOCAL/pids/$1.pid" 2>/dev/null && echo "$pid"; }

# name → is the process recorded under that name still the one running? (A stale record is removed.)
running() {
  local f="$NEURON_LOCAL/pids/$1.pid" pid started
  [ -f "$f" ] || return 1
  read -r pid started <"$f" || true
  if [ -n "$pid" ] && [ "$(start_time "$pid")" = "${started:-$(start_time "$pid")}" ] && kill -0 "$pid" 2>/dev/null; then return 0; fi
  rm -f "$f"
  return 1
}
