# shellcheck shell=bash
# Sourced by infra/build-images (here, beside the image sources, so that it travels with them to the runner nodes).
# with_apt_retry LOG COMMAND...: runs COMMAND with its output in LOG. A build whose apt-get or debootstrap met a network
# or mirror error (their own messages, below) is tried again: 3 attempts in all, APT_RETRY_PAUSE (15) seconds times the
# attempt number apart. Any other failure is final at once: a broken spec should not cost a minute of retries.
apt_network_error() {
  grep -qE 'Temporary failure resolving|Failed to fetch|Could not connect to|Connection failed|Connection timed out|Hash Sum mismatch|Unable to fetch some archives|Failed getting release file|Couldn.t download' "$1"
}

with_apt_retry() {
  local log=$1 attempt=1
  shift
  until "$@" > "$log" 2>&1; do
    if [ "$attempt" -ge 3 ] || ! apt_network_error "$log"; then return 1; fi
    printf '[apt-retry] network or mirror error (attempt %s of 3; %s): again in %s s\n' \
      "$attempt" "$log" "$((attempt * ${APT_RETRY_PAUSE:-15}))" >&2
    sleep "$((attempt * ${APT_RETRY_PAUSE:-15}))"
    attempt=$((attempt + 1))
  done
}
