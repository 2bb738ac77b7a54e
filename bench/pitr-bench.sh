#!/usr/bin/env bash
# Physical backup / restore benchmark and recovery-point (RPO) trials, in one run on this machine:
#   1. cadang physical base backup vs pgBackRest 2.45 (zst + aes-256-cbc, process-max 1 and 2) on
#      the same pgbench database (random filler, as in backup-bench.sh);
#   2. restore until the server accepts connections, cadang recover vs pgBackRest restore;
#   3. scenario B trials: a writer commits a timestamp every ~100 ms while `cadang wal-stream`
#      archives; the primary is SIGKILLed and its data directory deleted; `cadang recover --latest`
#      brings it back; the gap between the last surviving commit and the kill is the recovery point
#      lost. Reported as a distribution over TRIALS.
#
#   bench/pitr-bench.sh                 # scale 50
#   SCALE=5 TRIALS=5 bench/pitr-bench.sh
#
# Exit: 0 all goals met, 3 a goal missed or a cadang step failed, 2 cadang.jar missing.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
SCALE="${SCALE:-50}"
TRIALS="${TRIALS:-10}"
PARTIAL_INTERVAL="${PARTIAL_INTERVAL:-10s}"
CADANG_JAR="${CADANG_JAR:-$REPO_ROOT/operator/app/target/cadang.jar}"
SKIP_CADANG="${SKIP_CADANG:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
RESULTS_DIR="$BENCH_DIR/results"
LOG="$RESULTS_DIR/pitr-latest.log"
AGENT_HEAP=256m

# Goals from issue 4.
GOAL_BACKUP_VS_PGBR2=0.5  # cadang physical backup / pgBackRest backup with process-max 2
GOAL_RESTORE_VS_PGBR2=1.0 # cadang restore-until-accepting / pgBackRest's
GOAL_RPO_P99=5            # seconds of commits lost in scenario B, 99th percentile

source "$BENCH_DIR/lib.sh"

if [ "$SKIP_CADANG" != 1 ] && [ ! -f "$CADANG_JAR" ]; then
  echo "cadang.jar not found at $CADANG_JAR; build it: (cd $REPO_ROOT && mvn -B -q -DskipTests package)" >&2
  exit 2
fi
[ "$(id -u)" = 0 ] || die "run as root (PostgreSQL and pgBackRest run as the postgres OS user via runuser)"
[ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN"
[[ "$SCALE" =~ ^[1-9][0-9]*$ ]] || die "SCALE must be a positive integer, got '$SCALE'"
[[ "$TRIALS" =~ ^[0-9]+$ ]] || die "TRIALS must be a non-negative integer, got '$TRIALS'"
command -v pgbackrest >/dev/null || apt_install pgbackrest
command -v openssl >/dev/null || apt_install openssl
command -v curl >/dev/null || apt_install curl
[ -x /usr/bin/aws ] || apt_install awscli
export PATH="$PG_BIN:$PATH"

exec 9>/tmp/cadang-bench.lock
flock -n 9 || die "another benchmark is running on this machine (lock /tmp/cadang-bench.lock)"

WORK="$(mktemp -d /tmp/cadang-pitr-bench.XXXXXX)"
chmod 755 "$WORK"
PG_DATA="$WORK/pgdata"
S3_PID=""
EXTRA_PIDS=()
stop_pg() { [ -f "$1/postmaster.pid" ] && runuser -u postgres -- pg_ctl -D "$1" -m immediate -w stop >/dev/null 2>&1; return 0; }
cleanup() {
  local rc=$? d p
  set +e
  for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  if [ -n "$S3_PID" ]; then kill "$S3_PID" 2>/dev/null; wait "$S3_PID" 2>/dev/null; fi
  for d in "$WORK"/*/; do stop_pg "$d"; done
  if [ "$KEEP_WORK" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ "$SKIP_CADANG" != 1 ]; then
  cp "$CADANG_JAR" "$WORK/cadang.jar"
  CADANG_JAR="$WORK/cadang.jar"
fi
mkdir -p "$RESULTS_DIR"
: >"$LOG"
say "work dir $WORK, step output in $LOG"

# pgBackRest needs archive_command for a consistent backup; both tools run against this server.
cat >"$WORK/pgbackrest.conf" <<EOF
[global]
repo1-path=$WORK/pgbr-repo
repo1-cipher-type=aes-256-cbc
repo1-cipher-pass=$(openssl rand -hex 24)
compress-type=zst
start-fast=y
log-level-console=warn
log-level-file=off
lock-path=$WORK/pgbr-lock
spool-path=$WORK/pgbr-spool
[bench]
pg1-path=$PG_DATA
pg1-socket-path=$WORK/sock
pg1-user=postgres
EOF
mkdir -p "$WORK/pgbr-repo" "$WORK/pgbr-lock" "$WORK/pgbr-spool"
chown postgres "$WORK/pgbackrest.conf" "$WORK/pgbr-repo" "$WORK/pgbr-lock" "$WORK/pgbr-spool"
chmod 600 "$WORK/pgbackrest.conf"
pgbr() { runuser -u postgres -- pgbackrest --config="$WORK/pgbackrest.conf" --stanza=bench "$@"; }

start_postgres <<EOF
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
archive_mode = on
archive_command = 'pgbackrest --config=$WORK/pgbackrest.conf --stanza=bench archive-push %p'
EOF
PG_PORT_MAIN=$PG_PORT
echo "pg1-port=$PG_PORT" >>"$WORK/pgbackrest.conf"
make_pgbench_db "$SCALE"
pgbr stanza-create >>"$LOG" 2>&1 || die "pgbackrest stanza-create failed (see $LOG)"
start_s3proxy
/usr/bin/aws --endpoint-url "$S3_ENDPOINT" s3 mb s3://cadang >>"$LOG" 2>&1 || die "cannot create bucket cadang"

declare -A SECS=() STATUS=() STORED=()
checkpoint() { psql -q -d postgres -c checkpoint >>"$LOG" 2>&1; }
timed() {
  local name=$1 t0 t1 rc=0
  shift
  checkpoint
  say "measuring: $name"
  echo "=== $name: $*" >>"$LOG"
  t0=$(now)
  "$@" >>"$LOG" 2>&1 || rc=$?
  t1=$(now)
  SECS[$name]=$(elapsed "$t0" "$t1")
  STATUS[$name]=$([ "$rc" = 0 ] && echo ok || echo "exit $rc")
  say "  $name: ${SECS[$name]} s (${STATUS[$name]})"
  return "$rc"
}
dir_bytes() { du -sb "$1" | awk '{print $1}'; }
cadang() { java "-Xmx$AGENT_HEAP" -Xlog:disable -Xlog:all=error:stderr -jar "$CADANG_JAR" "$@"; }
CONN=(--host 127.0.0.1 --port "$PG_PORT_MAIN" --user postgres --maintenance-db postgres)

# restored_ok DIR: start a restored data directory on its own port until it accepts connections
# (that is part of the timed step), then count the accounts and stop it.
start_restored() {
  local dir=$1 port
  port="$(free_port)"
  echo "$port" >"$dir.port"
  touch "$dir.log"
  chown -R postgres "$dir" "$dir.log"
  runuser -u postgres -- pg_ctl -D "$dir" -l "$dir.log" -w -t 600 \
    -o "-p $port -c archive_mode=off -c unix_socket_directories=$WORK/sock" start
}
check_restored() {
  local dir=$1 n
  n="$(PGPORT="$(cat "$dir.port")" psql -d bench -Atc 'select count(*) from pgbench_accounts' 2>>"$LOG" || echo 0)"
  stop_pg "$dir"
  [ "$n" = "$ACCOUNTS" ] || { say "  $dir has $n of $ACCOUNTS accounts"; return 1; }
}

BUSY_BEFORE="$(cpu_busy_pct)"
[ "$BUSY_BEFORE" -le 10 ] || say "WARNING: the machine was ${BUSY_BEFORE}% busy before measuring"

# 1. Backups.
timed pgbr_backup_p1 pgbr --type=full --process-max=1 backup
timed pgbr_backup_p2 pgbr --type=full --process-max=2 backup
STORED[pgbr]="$(dir_bytes "$WORK/pgbr-repo/backup")"
if [ "$SKIP_CADANG" != 1 ]; then
  cadang keygen "$WORK/master.key" >>"$LOG" 2>&1 || die "cadang keygen failed"
  FILE_REPO="file://$WORK/cadang-repo"
  S3_REPO="s3://cadang/pitr?endpoint=$S3_ENDPOINT&region=us-east-1&path-style=true"
  timed cadang_backup_file cadang backup --method physical "${CONN[@]}" --backup-id bench-file \
    --repo "$FILE_REPO" --key-file "$WORK/master.key" || true
  STORED[cadang]="$(dir_bytes "$WORK/cadang-repo" 2>/dev/null || echo 0)"
  timed cadang_backup_s3 cadang backup --method physical "${CONN[@]}" --backup-id bench-s3 \
    --repo "$S3_REPO" --key-file "$WORK/master.key" || true
fi

# 2. Restores until the server accepts connections.
pgbr_restore() {
  mkdir -p "$WORK/r_pgbr" && chown postgres "$WORK/r_pgbr" && chmod 700 "$WORK/r_pgbr"
  pgbr --process-max=2 --pg1-path="$WORK/r_pgbr" --type=immediate --target-action=promote restore &&
    start_restored "$WORK/r_pgbr"
}
timed pgbr_restore_p2 pgbr_restore && { check_restored "$WORK/r_pgbr" || STATUS[pgbr_restore_p2]=incomplete; }
rm -rf "$WORK/r_pgbr"
if [ "$SKIP_CADANG" != 1 ]; then
  cadang_restore() {
    cadang recover --data-dir "$WORK/r_cadang" --backup-id bench-file --repo "$FILE_REPO" \
      --key-file "$WORK/master.key" --latest && start_restored "$WORK/r_cadang"
  }
  timed cadang_restore_file cadang_restore && { check_restored "$WORK/r_cadang" || STATUS[cadang_restore_file]=incomplete; }
  rm -rf "$WORK/r_cadang"
fi
stop_pg "$PG_DATA"

# 3. Scenario B trials, each on a small fresh server so the kill really loses the primary.
GAPS=()
trial() {
  local t=$1 dir="$WORK/trial$t" port repo streamer writer kill_at last gap
  port="$(free_port)"
  repo="file://$WORK/trial$t-repo"
  mkdir -p "$dir" && chown postgres "$dir"
  runuser -u postgres -- initdb -D "$dir" -U postgres --pwfile="$WORK/pgpass" --auth-host=scram-sha-256 \
    --auth-local=scram-sha-256 >>"$LOG" 2>&1
  cat >>"$dir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$WORK/sock'
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
EOF
  touch "$dir.log" && chown postgres "$dir.log"
  runuser -u postgres -- pg_ctl -D "$dir" -l "$dir.log" -w start >>"$LOG" 2>&1 9>&-
  PGPORT=$port psql -q -d postgres -c "create table ticks (id bigserial primary key, at timestamptz not null)" >>"$LOG"
  local conn=(--host 127.0.0.1 --port "$port" --user postgres --maintenance-db postgres)
  cadang backup --method physical "${conn[@]}" --backup-id base --repo "$repo" \
    --key-file "$WORK/master.key" >>"$LOG" 2>&1 || return 1
  cadang wal-stream "${conn[@]}" --slot cadang_bench --partial-interval "$PARTIAL_INTERVAL" \
    --spool-dir "$WORK/trial$t-spool" --repo "$repo" --key-file "$WORK/master.key" >>"$LOG" 2>&1 9>&- &
  streamer=$!
  EXTRA_PIDS+=("$streamer")
  # One commit every ~100 ms over one connection (psql reading a generated script).
  (while :; do echo "insert into ticks (at) values (clock_timestamp());"; sleep 0.1; done |
    PGPORT=$port psql -q -d postgres >/dev/null 2>&1) 9>&- &
  writer=$!
  EXTRA_PIDS+=("$writer")
  sleep "$((8 + RANDOM % 8))"
  kill_at="$(date +%s.%N)"
  kill -9 "$(head -1 "$dir/postmaster.pid")"
  rm -rf "$dir"
  kill "$writer" 2>/dev/null || true
  # The streamer lives elsewhere in a real deployment; give it one upload interval to notice the
  # lost connection and store what it had, then stop it.
  sleep "${PARTIAL_INTERVAL%s}"
  kill -TERM "$streamer" 2>/dev/null || true
  wait "$streamer" 2>/dev/null || true
  # recover runs PostgreSQL, and so wal-fetch, as the postgres user: let it read root's files.
  chgrp -R postgres "$WORK/trial$t-repo" && chmod -R g+rX "$WORK/trial$t-repo"
  cadang recover --data-dir "$dir" --latest --repo "$repo" --key-file "$WORK/master.key" >>"$LOG" 2>&1 || return 1
  start_restored "$dir" >>"$LOG" 2>&1 || return 1
  last="$(PGPORT="$(cat "$dir.port")" psql -d postgres -Atc "select extract(epoch from max(at)) from ticks")"
  stop_pg "$dir"
  gap="$(calc "$kill_at - $last")"
  say "  trial $t: last surviving commit ${gap} s before the kill"
  GAPS+=("$gap")
}
if [ "$SKIP_CADANG" != 1 ]; then
  for ((t = 1; t <= TRIALS; t++)); do
    trial "$t" || { say "  trial $t failed (see $LOG)"; STATUS[trials]="failed"; }
  done
fi

# Report.
FAILED=0
secs() { if [ "${STATUS[$1]:-}" = ok ]; then echo "${SECS[$1]}"; elif [ -n "${STATUS[$1]:-}" ]; then echo "${SECS[$1]} (${STATUS[$1]})"; else echo "not run"; fi; }
ok() { [ "${STATUS[$1]:-}" = ok ]; }
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); }
B2=${SECS[pgbr_backup_p2]}
row "pgBackRest backup, process-max 1" "$(secs pgbr_backup_p1)" "$(calc "${SECS[pgbr_backup_p1]} / $B2")" ""
row "pgBackRest backup, process-max 2 (anchor)" "$(secs pgbr_backup_p2)" "1.00" ""
for s in cadang_backup_file cadang_backup_s3; do
  if ok $s; then
    r=$(calc "${SECS[$s]} / $B2")
    row "\`cadang backup --method physical\` → ${s#cadang_backup_}" "$(secs $s)" "$r" "≤ $GOAL_BACKUP_VS_PGBR2: $(verdict "$r" le $GOAL_BACKUP_VS_PGBR2)"
    [ "$s" = cadang_backup_file ] && ! le "$r" $GOAL_BACKUP_VS_PGBR2 && FAILED=1
  elif [ "$SKIP_CADANG" != 1 ]; then
    row "\`cadang backup --method physical\` → ${s#cadang_backup_}" "$(secs $s)" "–" "FAIL"; FAILED=1
  fi
done
R2=${SECS[pgbr_restore_p2]}
row "pgBackRest restore -p2 + start until accepting (anchor)" "$(secs pgbr_restore_p2)" "1.00" ""
if ok cadang_restore_file; then
  r=$(calc "${SECS[cadang_restore_file]} / $R2")
  row "\`cadang recover\` ← file + start until accepting" "$(secs cadang_restore_file)" "$r" "≤ $GOAL_RESTORE_VS_PGBR2: $(verdict "$r" le $GOAL_RESTORE_VS_PGBR2)"
  le "$r" $GOAL_RESTORE_VS_PGBR2 || FAILED=1
elif [ "$SKIP_CADANG" != 1 ]; then
  row "\`cadang recover\` ← file + start until accepting" "$(secs cadang_restore_file)" "–" "FAIL"; FAILED=1
fi
rpo=""
if [ "${#GAPS[@]}" -gt 0 ]; then
  sorted="$(printf '%s\n' "${GAPS[@]}" | sort -g)"
  n=${#GAPS[@]}
  pct() { awk -v p="$1" -v n="$n" 'BEGIN { i = int(p * n + 0.999999); if (i < 1) i = 1; if (i > n) i = n; print i }'; }
  p50="$(sed -n "$(pct 0.5)p" <<<"$sorted")"
  p99="$(sed -n "$(pct 0.99)p" <<<"$sorted")"
  max="$(tail -1 <<<"$sorted")"
  rpo="Scenario B over $n trials (partial interval $PARTIAL_INTERVAL): commits lost p50 ${p50} s, p99 ${p99} s, max ${max} s (goal p99 ≤ $GOAL_RPO_P99 s: $(verdict "$p99" le $GOAL_RPO_P99)). All gaps: $(tr '\n' ' ' <<<"$sorted")"
  le "$p99" $GOAL_RPO_P99 || FAILED=1
fi
[ "${STATUS[trials]:-}" = failed ] && FAILED=1
for s in pgbr_backup_p1 pgbr_backup_p2 pgbr_restore_p2; do ok $s || FAILED=1; done
{
  echo "### Physical backup benchmark — pgbench scale $SCALE, $DB_MB MB ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "| step | seconds | ratio vs anchor | goal |"
  echo "| --- | ---: | ---: | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Stored: pgBackRest $(calc "${STORED[pgbr]} / 1e6") MB (2 full backups; zst level 3 + aes-256-cbc), cadang $(calc "${STORED[cadang]:-0} / 1e6") MB (one backup; zstd-1 + AES-256-GCM)."
  [ -n "$rpo" ] && echo && echo "$rpo"
  echo
  echo "Machine: $(nproc) CPUs; PostgreSQL $PG_VERSION; $(pgbackrest version); CPU ${BUSY_BEFORE}% busy before measuring."
} >"$RESULTS_DIR/pitr-latest.md"
echo
cat "$RESULTS_DIR/pitr-latest.md"
[ "$FAILED" = 0 ] || { say "a goal was missed or a cadang step failed; see $LOG"; exit 3; }
