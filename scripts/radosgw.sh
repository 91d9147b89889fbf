#!/usr/bin/env bash
# Run a real single-node Ceph radosgw (S3-compatible store) on loopback, for tests and benchmarks.
#
#   bash scripts/radosgw.sh start   # idempotent; prints PINHOLE_S3_* lines on stdout
#   bash scripts/radosgw.sh stop    # radosgw, then OSD, then mon; idempotent
#   bash scripts/radosgw.sh status  # exit 0 if running and answering HTTP, else 1
#   bash scripts/radosgw.sh reset   # stop and delete the data folder
#
# Why radosgw and not an emulator: it checks SigV4 signatures and expiry, honours
# If-None-Match: * and serves per-bucket CORS (see notes/object-stores.md).
# Debian's Ceph 16.2 has no standalone backend, so this runs one monitor, one OSD (bluestore
# on a sparse file) and radosgw; no manager is needed. Only stdout carries the env lines;
# progress and errors go to stderr.
#
# Environment (all optional):
#   PINHOLE_RGW_DIR        data, logs, pid files   (default <repo>/.data/radosgw, git-ignored)
#   PINHOLE_RGW_PORT       S3 HTTP port            (default 7480)
#   PINHOLE_RGW_MON_PORT   monitor msgr2 port      (default 3300; fixed at first start)
#   PINHOLE_RGW_TIMEOUT    seconds to wait for HTTP (default 120)
#   PINHOLE_S3_ACCESS_KEY / PINHOLE_S3_SECRET_KEY  credentials of the S3 user
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${PINHOLE_RGW_DIR:-$REPO_DIR/.data/radosgw}"
# Absolute, because the daemons chdir to / when they fork.
[[ $DATA_DIR == /* ]] || DATA_DIR="$PWD/$DATA_DIR"
RGW_PORT="${PINHOLE_RGW_PORT:-7480}"
MON_PORT="${PINHOLE_RGW_MON_PORT:-3300}"
TIMEOUT="${PINHOLE_RGW_TIMEOUT:-120}"
ACCESS_KEY="${PINHOLE_S3_ACCESS_KEY:-pinhole-dev}"
SECRET_KEY="${PINHOLE_S3_SECRET_KEY:-pinhole-dev-secret-not-for-production}"
# radosgw does not check the SigV4 credential-scope region against its zonegroup (the
# default zonegroup's api_name is "default"); the region only has to match between signer
# and request. "us-east-1" is what AWS SDKs assume, so clients need no special case.
REGION='us-east-1'
RGW_NAME='client.rgw.pinhole'
S3_UID='pinhole'

CONF="$DATA_DIR/ceph.conf"
ENDPOINT="http://127.0.0.1:$RGW_PORT"

log() { printf 'radosgw.sh: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

require_binaries() {
  local bin
  for bin in ceph ceph-mon ceph-osd monmaptool radosgw radosgw-admin curl; do
    if ! command -v "$bin" >/dev/null 2>&1; then
      if [[ $bin == curl ]]; then
        log 'curl is not installed: apt-get install -y --no-install-recommends curl'
      else
        log 'radosgw is not installed: apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common'
      fi
      exit 2
    fi
  done
}

# --- processes --------------------------------------------------------------------------

pid_file() { printf '%s/run/%s.pid' "$DATA_DIR" "$1"; }

# PID of one of *our* daemons (mon.a, osd.N, client.rgw.pinhole), or nothing. A PID from a
# pid file only counts if that process was started with our ceph.conf, so a stale file whose
# PID was reused by something else is never signalled.
daemon_pid() {
  local file pid
  file="$(pid_file "$1")"
  if [[ -s $file ]]; then
    pid="$(<"$file")"
    if [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] &&
      tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$CONF"; then
      printf '%s' "$pid"
      return 0
    fi
  fi
  # No usable pid file (a start or stop was cut short): look for the daemon by its command line.
  local selector
  case "$1" in
    mon.*) selector="-i ${1#mon.}" ;;
    osd.*) selector="-i ${1#osd.}" ;;
    *) selector="-n $1" ;;
  esac
  for file in /proc/[0-9]*/cmdline; do
    if tr '\0' ' ' <"$file" 2>/dev/null | grep -qF -- "-c $CONF $selector "; then
      pid="${file#/proc/}"
      printf '%s' "${pid%/cmdline}"
      return 0
    fi
  done
}

is_running() { [[ -n "$(daemon_pid "$1")" ]]; }

osd_name() {
  [[ -s $DATA_DIR/osd_id ]] && printf 'osd.%s' "$(<"$DATA_DIR/osd_id")"
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$ENDPOINT/" 2>/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# SIGTERM, wait up to $2 seconds for the PID to be gone, then SIGKILL. Waiting matters:
# a radosgw started before the previous one exited fails to bind its port without a word.
stop_daemon() {
  local name="$1" grace="$2" pid i
  pid="$(daemon_pid "$name")"
  [[ -n $pid ]] || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not exit within ${grace}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$(pid_file "$name")"
}

# --- configuration ----------------------------------------------------------------------

# Written on every start so a changed PINHOLE_RGW_PORT takes effect; the fsid and mon port
# are fixed at first start because they are baked into the monitor's map.
write_conf() {
  local fsid="$1" mon_port="$2"
  cat >"$CONF" <<EOF
# Generated by scripts/radosgw.sh; rewritten on every start.
[global]
fsid = $fsid
# One monitor on loopback, msgr2 protocol only (no legacy v1 port 6789).
mon_host = v2:127.0.0.1:$mon_port
public_addr = 127.0.0.1
ms_bind_msgr1 = false
ms_bind_msgr2 = true
# No cephx: everything is on loopback and throwaway.
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
# Without both of these, radosgw negotiates "secure" mode, fails with
# "get_initial_auth_request returned -13" and hangs ~300 s before giving up.
ms_mon_client_mode = crc
ms_client_mode = crc
# A single OSD: one replica, placement across OSDs (not hosts), few PGs per pool, and no
# manager to run the PG autoscaler.
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_crush_chooseleaf_type = 0
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_max_pg_per_osd = 1000
# Everything lives under the data folder; nothing touches /etc/ceph or /var/lib/ceph.
run_dir = $DATA_DIR/run
admin_socket = $DATA_DIR/run/\$name.asok
pid_file = $DATA_DIR/run/\$name.pid
log_file = $DATA_DIR/log/\$name.log
mon_data = $DATA_DIR/mon/\$name
osd_data = $DATA_DIR/osd/\$name
keyring = $DATA_DIR/keyring
# The monitor's cluster and audit logs otherwise go to /var/log/ceph.
mon_cluster_log_file = default=$DATA_DIR/log/cluster.\$channel.log cluster=$DATA_DIR/log/cluster.log
# There is no manager daemon. Past this grace (120 s by default) the monitor raises
# MGR_DOWN and commits a new mgrmap every 5 s, forever; push the grace out of reach.
mon_mgr_mkfs_grace = 3153600000
# Raise for debugging, e.g. debug_rgw = 20 and debug_ms = 1 (logs grow fast).
debug_rgw = 1

[osd]
osd_objectstore = bluestore
# Sparse 10 GiB block file created by --mkfs; it really occupies a few hundred MB.
bluestore_block_size = 10737418240
# Fixed, small cache instead of autotuning towards osd_memory_target (4 GiB by default).
bluestore_cache_size = 134217728
bluestore_cache_autotune = false

[$RGW_NAME]
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT
# Fewer request threads than the default 512: this serves tests, not traffic.
rgw_thread_pool_size = 64
EOF
}

# --- first start: create the monitor and the OSD ---------------------------------------

init_cluster() {
  local fsid osd_uuid osd_id
  log "creating a new cluster in $DATA_DIR"
  mkdir -p "$DATA_DIR"/{run,log,mon,osd}
  fsid="$(cat /proc/sys/kernel/random/uuid)"
  printf '%s\n' "$fsid" >"$DATA_DIR/fsid"
  printf '%s\n' "$MON_PORT" >"$DATA_DIR/mon_port"
  write_conf "$fsid" "$MON_PORT"
  : >"$DATA_DIR/keyring" # auth is off, but the tools want the file to exist

  quiet monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT]" \
    "$DATA_DIR/monmap"
  quiet ceph-mon -c "$CONF" --mkfs -i a --monmap "$DATA_DIR/monmap"
  start_mon

  osd_uuid="$(cat /proc/sys/kernel/random/uuid)"
  osd_id="$(ceph -c "$CONF" --connect-timeout 30 osd new "$osd_uuid" \
    2>>"$DATA_DIR/log/launch.log")" || die "'ceph osd new' failed; logs: $DATA_DIR/log/"
  [[ $osd_id =~ ^[0-9]+$ ]] || die "'ceph osd new' returned '$osd_id'"
  mkdir -p "$DATA_DIR/osd/osd.$osd_id"
  quiet ceph-osd -c "$CONF" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid"
  # Written last: its presence means the mkfs steps completed.
  printf '%s\n' "$osd_id" >"$DATA_DIR/osd_id"
}

# --- daemons ----------------------------------------------------------------------------

# Runs a ceph tool with its chatter (bluestore probes, "Falling back to public interface")
# appended to log/launch.log; shows the tail and stops if the tool fails.
quiet() {
  local out="$DATA_DIR/log/launch.log"
  printf '== %s\n' "$*" >>"$out"
  # 9>&-: daemons must not inherit the lock taken at the bottom of this script.
  if ! "$@" >>"$out" 2>&1 9>&-; then
    tail -n 20 "$out" >&2
    die "'$1' failed; logs: $DATA_DIR/log/"
  fi
}

# ceph-mon, ceph-osd and radosgw fork into the background themselves and write pid files.
start_mon() {
  is_running mon.a && return 0
  if port_in_use "$MON_PORT"; then
    die "mon port $MON_PORT is already in use; pick another with PINHOLE_RGW_MON_PORT (then 'reset')"
  fi
  log "starting mon.a on v2:127.0.0.1:$MON_PORT"
  quiet ceph-mon -c "$CONF" -i a
}

start_osd() {
  local name
  name="$(osd_name)"
  is_running "$name" && return 0
  log "starting $name"
  quiet ceph-osd -c "$CONF" -i "${name#osd.}"
}

start_rgw() {
  is_running "$RGW_NAME" && return 0
  if port_in_use "$RGW_PORT"; then
    die "port $RGW_PORT is already in use by something else; pick another with PINHOLE_RGW_PORT"
  fi
  log "starting radosgw on $ENDPOINT"
  quiet radosgw -c "$CONF" -n "$RGW_NAME"
}

wait_for_http() {
  local started=$SECONDS
  until http_ok; do
    # radosgw's child writes its pid file a moment after the parent returns: only a pid
    # still missing after 5 s means it exited (e.g. a bad ceph.conf).
    if ((SECONDS - started >= TIMEOUT)) ||
      { ((SECONDS - started >= 5)) && ! is_running "$RGW_NAME"; }; then
      log "radosgw did not answer on $ENDPOINT within ${TIMEOUT}s (or exited)."
      log "logs: $DATA_DIR/log/{$RGW_NAME,mon.a,$(osd_name)}.log"
      tail -n 20 "$DATA_DIR/log/$RGW_NAME.log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.25
  done
}

# Creates the S3 user once; if the configured key pair is not on it yet (changed env), adds it.
# The s3_user file remembers the last pair set, so most starts skip radosgw-admin (~0.5 s).
ensure_user() {
  local marker="$DATA_DIR/s3_user" info
  [[ -f $marker && "$(<"$marker")" == "$ACCESS_KEY $SECRET_KEY" ]] && return 0
  if ! info="$(radosgw-admin -c "$CONF" user info --uid "$S3_UID" 2>/dev/null)"; then
    log "creating S3 user '$S3_UID' with access key $ACCESS_KEY"
    radosgw-admin -c "$CONF" user create --uid "$S3_UID" --display-name 'Pinhole dev' \
      --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" >/dev/null
  elif ! grep -qF "\"secret_key\": \"$SECRET_KEY\"" <<<"$info" ||
    ! grep -qF "\"access_key\": \"$ACCESS_KEY\"" <<<"$info"; then
    log "setting key $ACCESS_KEY on S3 user '$S3_UID'"
    radosgw-admin -c "$CONF" key create --uid "$S3_UID" --key-type s3 \
      --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" >/dev/null
  fi
  (umask 077 && printf '%s %s\n' "$ACCESS_KEY" "$SECRET_KEY" >"$marker")
}

print_env() {
  printf 'PINHOLE_S3_ENDPOINT=%s\n' "$ENDPOINT"
  printf 'PINHOLE_S3_REGION=%s\n' "$REGION"
  printf 'PINHOLE_S3_ACCESS_KEY=%s\n' "$ACCESS_KEY"
  printf 'PINHOLE_S3_SECRET_KEY=%s\n' "$SECRET_KEY"
}

# rm -rf, but only on a folder this script made (so a mistyped PINHOLE_RGW_DIR is safe).
remove_data_dir() {
  [[ -e $DATA_DIR ]] || return 0
  if [[ -n "$(ls -A "$DATA_DIR")" ]] &&
    ! head -n 1 "$CONF" 2>/dev/null | grep -q 'scripts/radosgw.sh'; then
    die "$DATA_DIR does not look like a radosgw.sh data folder; not deleting it"
  fi
  log "deleting $DATA_DIR"
  rm -rf "$DATA_DIR"
}

rgw_port_matches() { grep -qF "endpoint=127.0.0.1:$RGW_PORT" "$CONF" 2>/dev/null; }

all_running() {
  [[ -s $DATA_DIR/osd_id ]] && is_running mon.a && is_running "$(osd_name)" &&
    is_running "$RGW_NAME" && rgw_port_matches && http_ok
}

# --- commands ---------------------------------------------------------------------------

cmd_start() {
  require_binaries
  if all_running; then
    ensure_user
    print_env
    return 0
  fi
  if [[ ! -s $DATA_DIR/osd_id ]]; then
    # No completed setup: clear any half-made attempt and start over.
    cmd_stop
    remove_data_dir
    init_cluster
  else
    local mon_port
    mon_port="$(<"$DATA_DIR/mon_port")"
    if [[ -n ${PINHOLE_RGW_MON_PORT:-} && $PINHOLE_RGW_MON_PORT != "$mon_port" ]]; then
      die "this data folder's mon listens on port $mon_port; run 'reset' to change it"
    fi
    MON_PORT="$mon_port"
    if is_running "$RGW_NAME" && ! rgw_port_matches; then
      log "PINHOLE_RGW_PORT changed to $RGW_PORT; restarting radosgw"
      stop_daemon "$RGW_NAME" 30
    fi
    write_conf "$(<"$DATA_DIR/fsid")" "$MON_PORT"
    start_mon
  fi
  start_osd
  start_rgw
  wait_for_http
  ensure_user
  print_env
}

cmd_stop() {
  [[ -d $DATA_DIR ]] || return 0
  local file
  stop_daemon "$RGW_NAME" 30
  # Every OSD pid file, not just osd_id's: a first start may have died between mkfs steps.
  for file in "$DATA_DIR"/run/osd.*.pid; do
    [[ -e $file ]] || continue
    file="${file##*/}"
    stop_daemon "${file%.pid}" 30
  done
  if [[ -s $DATA_DIR/osd_id ]]; then stop_daemon "$(osd_name)" 30; fi
  stop_daemon mon.a 30
}

cmd_status() {
  if [[ -d $DATA_DIR ]] && all_running; then
    log "running: $ENDPOINT"
    return 0
  fi
  log 'not running'
  return 1
}

cmd_reset() {
  cmd_stop
  remove_data_dir
}

# One command at a time: a test run's teardown and a bench's start must not interleave.
mkdir -p "$(dirname "$DATA_DIR")"
exec 9>"${DATA_DIR%/}.lock"
flock 9

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *)
    echo "usage: bash scripts/radosgw.sh start|stop|status|reset" >&2
    exit 64
    ;;
esac
