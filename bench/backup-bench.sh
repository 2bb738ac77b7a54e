#!/usr/bin/env bash
# Cadang backup/restore benchmark: cadang vs. raw pg_dump/pg_restore (the limits) vs. the seed
# documents' pipeline (pg_dump -Fc | openssl | aws s3 cp), all against one throwaway PostgreSQL 15
# and one local S3 server (s3proxy), in one run. See bench/README.md.
#
#   bench/backup-bench.sh                 # scale 50 (~790 MB)
#   SCALE=5 bench/backup-bench.sh
#
# Exit: 0 all targets met, 3 a target missed (or a cadang step failed), 2 cadang.jar missing,
# anything else: the benchmark itself broke.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
SCALE="${SCALE:-50}"
CADANG_JAR="${CADANG_JAR:-$REPO_ROOT/operator/app/target/cadang.jar}"
# SKIP_CADANG=1 measures only the limits and the seed pipeline (for working on the bench itself).
SKIP_CADANG="${SKIP_CADANG:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
RUNS="${RUNS:-1}" # repetitions of every timed step; the median is reported
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
RESTORE_JOBS=2
RESULTS_DIR="$BENCH_DIR/results"
LOG="$RESULTS_DIR/latest.log"

# Targets from the issue.
TARGET_BACKUP_VS_DUMP=1.3    # cadang backup wall time / raw pg_dump -Fc -Z0
TARGET_SPEEDUP_VS_SEED=7     # seed pipeline wall time / cadang backup (follows from the above)
TARGET_STORED_VS_SEED=1.1    # cadang stored bytes / seed pipeline stored bytes
TARGET_RESTORE_VS_LIMIT=1.2  # cadang restore / pg_restore -j2 from a local uncompressed dump
TARGET_CHECKSUM_COST=1.15    # cadang backup with content checksums (default) / with row counts only
AGENT_HEAP=256m

source "$BENCH_DIR/lib.sh"

# Fail fast, before minutes of setup: the jar is built by the project, never by the benchmark.
if [ "$SKIP_CADANG" != 1 ] && [ ! -f "$CADANG_JAR" ]; then
  cat >&2 <<EOF
cadang.jar not found at $CADANG_JAR
Build it first, at the repository root:   (cd $REPO_ROOT && mvn -B -q -DskipTests package)
or point CADANG_JAR at a jar; SKIP_CADANG=1 runs only the limits and the seed pipeline.
EOF
  exit 2
fi
[ "$(id -u)" = 0 ] || die "run as root (initdb runs as the postgres OS user via runuser, tools are apt-installed)"
[ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (apt-get install postgresql-15)"
[[ "$SCALE" =~ ^[1-9][0-9]*$ ]] || die "SCALE must be a positive integer, got '$SCALE'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"

# ---------------------------------------------------------------------------------------------
# Tools. Debian's awscli is the one the seed documents use; a pip shim (pyenv) may shadow it on
# PATH, so prefer /usr/bin/aws explicitly and only fall back to whatever `aws` works.
# ---------------------------------------------------------------------------------------------
command -v openssl >/dev/null || apt_install openssl
[ -x /usr/bin/time ] || apt_install time
[ -x /usr/bin/aws ] || apt_install awscli || say "apt-get install awscli failed; trying another aws"
if [ -x /usr/bin/aws ]; then
  AWS=/usr/bin/aws
elif command -v aws >/dev/null && aws --version >/dev/null 2>&1; then
  AWS="$(command -v aws)"
else
  die "no working aws cli"
fi
command -v mvn >/dev/null || die "mvn is needed to resolve s3proxy's classpath"
command -v curl >/dev/null || apt_install curl

export PATH="$PG_BIN:$PATH"

# Two benchmarks at once would each measure the other: one at a time on the machine. The servers
# started below get the lock's descriptor closed (9>&-), so a straggler cannot hold it.
exec 9>/tmp/cadang-bench.lock
flock -n 9 || die "another backup-bench.sh is running on this machine (lock /tmp/cadang-bench.lock)"

# ---------------------------------------------------------------------------------------------
# Scratch space and cleanup: everything lives under one temp dir; the trap stops both servers.
# ---------------------------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/cadang-bench.XXXXXX)"
chmod 755 "$WORK" # the postgres OS user must reach its data dir below it
PG_DATA="$WORK/pgdata"
S3_PID=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$S3_PID" ]; then kill "$S3_PID" 2>/dev/null; wait "$S3_PID" 2>/dev/null; fi
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
  fi
  if [ "$KEEP_WORK" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Run a private copy of the jar: a rebuild under target/ mid-run would pull it from under the JVM.
if [ "$SKIP_CADANG" != 1 ]; then
  cp "$CADANG_JAR" "$WORK/cadang.jar"
  CADANG_JAR="$WORK/cadang.jar"
fi

mkdir -p "$RESULTS_DIR"
: >"$LOG"
say "work dir $WORK, step output in $LOG"

# ---------------------------------------------------------------------------------------------
# PostgreSQL 15: password (SCRAM) auth over TCP like a real client, settings sized for this box.
# fsync stays on: turning it off would make every restore look faster than it is.
# ---------------------------------------------------------------------------------------------
start_postgres </dev/null

# ---------------------------------------------------------------------------------------------
# pgbench data with random filler. pgbench's own filler is blanks, which compresses ~50:1 and
# makes every compressor look brilliant; random hex text compresses about as badly as real
# rows do. pgbench creates the tables and (afterwards) the primary keys and vacuum, so the
# schema is exactly pgbench's; the rows are inserted here, one INSERT per CPU in parallel.
# ---------------------------------------------------------------------------------------------
make_pgbench_db "$SCALE"

# ---------------------------------------------------------------------------------------------
# Local S3: s3proxy on the filesystem blobstore (not the in-memory one: a scale-50 dump would
# not fit its heap). Its classpath comes from a throwaway pom via Maven, so it is cached in ~/.m2.
# ---------------------------------------------------------------------------------------------
start_s3proxy
aws3() { "$AWS" --endpoint-url "$S3_ENDPOINT" "$@"; }
aws3 s3 mb s3://cadang >>"$LOG" 2>&1
aws3 s3 mb s3://seed >>"$LOG" 2>&1
stored_bytes() { { aws3 s3 ls --recursive --summarize "$1" || true; } | awk '/Total Size:/ { print $3 }'; }
say "s3proxy on $S3_ENDPOINT, aws cli: $AWS ($("$AWS" --version 2>&1 | awk '{print $1}'))"

# ---------------------------------------------------------------------------------------------
# Measurements. Each timed step starts after a CHECKPOINT, so no step pays for the previous
# step's dirty buffers. The data set is in the page cache for all of them alike. With RUNS > 1
# every step is repeated and its median reported: this VM's disk makes single runs of the
# restores vary by a third.
# ---------------------------------------------------------------------------------------------
declare -A SECS=() ALL=() STORED=() RSS=() STATUS=()
checkpoint() { psql -q -d postgres -c checkpoint >>"$LOG" 2>&1; }

# timed NAME CMD...: appends CMD's wall time to ALL[NAME]; CMD's output goes to the log.
# STATUS[NAME] keeps the first failure of any run.
timed() {
  local name=$1 t0 t1 secs rc=0
  shift
  checkpoint
  say "measuring: $name (run $run of $RUNS)"
  echo "=== $name, run $run: $*" >>"$LOG"
  t0=$(now)
  "$@" >>"$LOG" 2>&1 || rc=$?
  t1=$(now)
  secs=$(elapsed "$t0" "$t1")
  ALL[$name]="${ALL[$name]:-} $secs"
  if [ "$rc" != 0 ]; then STATUS[$name]="exit $rc"; elif [ -z "${STATUS[$name]:-}" ]; then STATUS[$name]=ok; fi
  say "  $name: $secs s ($([ "$rc" = 0 ] && echo ok || echo "exit $rc"))"
  return "$rc"
}


# A restored database must hold every account row; anything less is not a restore.
check_restore() {
  local db=$1 n
  n="$(psql -d "$db" -Atc 'select count(*) from pgbench_accounts' 2>>"$LOG" || echo 0)"
  [ "$n" = "$ACCOUNTS" ] || { say "  $db has $n of $ACCOUNTS accounts"; return 1; }
}
fresh_db() { dropdb --if-exists "$1" >>"$LOG" 2>&1; }

cadang() {
  # /usr/bin/time for the agent's peak RSS (%M, KiB); the JVM heap is capped as in a pod.
  local rss_file=$1
  shift
  /usr/bin/time -f '%M' -o "$rss_file" java "-Xmx$AGENT_HEAP" "${CADANG_CDS[@]}" \
    -Xlog:disable -Xlog:all=error:stderr -jar "$CADANG_JAR" "$@"
}
# The agent starts with an AppCDS archive of its classes, as the ./cadang launcher and the image do;
# it is made by one untimed training backup (see below). CDS=0 measures a cold JVM instead.
CADANG_CDS=()
CADANG_CONN=(--host 127.0.0.1 --port "$PG_PORT" --user postgres --maintenance-db postgres)
# max_rss_mb NAME FILE: the largest peak RSS over the runs, in MB.
max_rss_mb() {
  local v
  v="$(awk '/^[0-9]+$/ { v = $1 } END { if (v) printf "%.0f", v / 1024 }' "$2" 2>/dev/null || true)"
  if [ -n "$v" ] && [ "$v" -gt "${RSS[$1]:-0}" ]; then RSS[$1]=$v; fi
}

if [ "$SKIP_CADANG" != 1 ]; then
  CADANG_VERSION="$(java -jar "$CADANG_JAR" --version 2>/dev/null | head -1 | sed "s/^cadang //" || echo "?")"
  java -jar "$CADANG_JAR" keygen "$WORK/master.key" >>"$LOG" 2>&1 || die "cadang keygen failed (see $LOG)"
  mkdir -p "$WORK/scratch"
  if [ "${CDS:-1}" = 1 ]; then
    # Untimed training run on the small maintenance database; its loaded classes become the archive.
    java "-Xmx$AGENT_HEAP" -XX:ArchiveClassesAtExit="$WORK/cadang.jsa" \
      -Xlog:disable -Xlog:all=error:stderr -jar "$CADANG_JAR" backup "${CADANG_CONN[@]}" -d postgres \
      --repo "s3://cadang/cds-training?endpoint=$S3_ENDPOINT&region=us-east-1&path-style=true" \
      --key-file "$WORK/master.key" >>"$LOG" 2>&1 || die "cadang training run failed (see $LOG)"
    CADANG_CDS=(-XX:SharedArchiveFile="$WORK/cadang.jsa")
  fi
fi
export SEEDPASS
SEEDPASS="seed-$(openssl rand -hex 16)"
# The restore limit reads an uncompressed dump already on local disk; making it is not timed.
pg_dump -Fc -Z0 -d bench -f "$WORK/limit.dump"

dump_raw() { pg_dump -Fc -Z0 -d bench >/dev/null; }
# The seed documents' pipeline, unchanged: pg_dump's default zlib, openssl CBC, awscli upload.
seed_backup() {
  pg_dump -Fc -d bench | openssl enc -aes-256-cbc -pbkdf2 -pass env:SEEDPASS |
    aws3 s3 cp - "s3://seed/run$run/bench.dump.enc"
}
# The seed restore streams from stdin, so pg_restore cannot run in parallel: as documented.
seed_restore() {
  aws3 s3 cp "s3://seed/run$run/bench.dump.enc" - |
    openssl enc -d -aes-256-cbc -pbkdf2 -pass env:SEEDPASS | pg_restore -d r_seed
}

checkpoint
BUSY_BEFORE="$(cpu_busy_pct)"
if [ "$BUSY_BEFORE" -gt 10 ]; then
  say "WARNING: the machine was ${BUSY_BEFORE}% busy before measuring; other work will skew the numbers"
fi

for ((run = 1; run <= RUNS; run++)); do
  # a. The backup limit: pg_dump's own speed with nothing after it.
  timed dump_raw dump_raw

  # b. cadang backup, each run under its own prefix so stored bytes are one backup's.
  CADANG_REPO="s3://cadang/run$run?endpoint=$S3_ENDPOINT&region=us-east-1&path-style=true"
  cadang_ok=0
  if [ "$SKIP_CADANG" != 1 ]; then
    if timed cadang_backup cadang "$WORK/rss.backup" backup "${CADANG_CONN[@]}" -d bench \
      --repo "$CADANG_REPO" --key-file "$WORK/master.key"; then
      cadang_ok=1
      STORED[cadang_backup]="$(stored_bytes "s3://cadang/run$run/")"
    fi
    max_rss_mb cadang_backup "$WORK/rss.backup"
  fi

  # b1. The same backup recording row counts only (--verify-depth counts): the anchor for what the
  #     default content checksums cost.
  if [ "$SKIP_CADANG" != 1 ]; then
    timed cadang_backup_counts cadang "$WORK/rss.counts" backup "${CADANG_CONN[@]}" -d bench \
      --verify-depth counts \
      --repo "s3://cadang/counts$run?endpoint=$S3_ENDPOINT&region=us-east-1&path-style=true" \
      --key-file "$WORK/master.key" || true
  fi

  # b2. The same backup to a local directory: what the pipeline costs without the S3 server, which
  #     shares the two cores (it is informational; the target is for S3).
  if [ "$SKIP_CADANG" != 1 ]; then
    rm -rf "$WORK/filerepo"
    timed cadang_backup_file cadang "$WORK/rss.file" backup "${CADANG_CONN[@]}" -d bench \
      --repo "file://$WORK/filerepo" --key-file "$WORK/master.key" || true
    rm -rf "$WORK/filerepo"
  fi

  # c. The seed pipeline.
  timed seed_backup seed_backup
  STORED[seed_backup]="$(stored_bytes "s3://seed/run$run/")"

  # d. Restores, each into a database that does not exist yet.
  fresh_db r_limit
  createdb r_limit
  timed restore_limit pg_restore -j "$RESTORE_JOBS" -d r_limit "$WORK/limit.dump"
  check_restore r_limit || STATUS[restore_limit]="incomplete"
  fresh_db r_limit

  if [ "$cadang_ok" = 1 ]; then
    fresh_db r_cadang
    if timed cadang_restore cadang "$WORK/rss.restore" restore latest "${CADANG_CONN[@]}" -d bench \
      --target-db r_cadang --create --jobs "$RESTORE_JOBS" --scratch-dir "$WORK/scratch" \
      --repo "$CADANG_REPO" --key-file "$WORK/master.key"; then
      check_restore r_cadang || STATUS[cadang_restore]="incomplete"
    fi
    max_rss_mb cadang_restore "$WORK/rss.restore"
    fresh_db r_cadang
    # The same restore comparing row counts only: what checking the checksums costs.
    timed cadang_restore_counts cadang "$WORK/rss.restore2" restore latest "${CADANG_CONN[@]}" \
      -d bench --target-db r_cadang --create --jobs "$RESTORE_JOBS" --scratch-dir "$WORK/scratch" \
      --verify-depth counts --repo "$CADANG_REPO" --key-file "$WORK/master.key" || true
    fresh_db r_cadang
    # Into a database that already exists (empty): staged on disk first, then pg_restore -j2.
    createdb r_cadang
    timed cadang_restore_staged cadang "$WORK/rss.restore3" restore latest "${CADANG_CONN[@]}" \
      -d bench --target-db r_cadang --jobs "$RESTORE_JOBS" --scratch-dir "$WORK/scratch" \
      --repo "$CADANG_REPO" --key-file "$WORK/master.key" || true
    fresh_db r_cadang
  fi

  fresh_db r_seed
  createdb r_seed
  timed seed_restore seed_restore
  check_restore r_seed || STATUS[seed_restore]="incomplete"
  fresh_db r_seed
done
rm -f "$WORK/limit.dump"
for name in "${!ALL[@]}"; do
  SECS[$name]="$(median <<<"${ALL[$name]}")"
  echo "times $name:${ALL[$name]} -> median ${SECS[$name]}" >>"$LOG"
done

# ---------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------
FAILED=0
mb() { [ -n "${1:-}" ] && calc "$1 / 1e6" || echo "–"; }
secs() { if [ "${STATUS[$1]:-}" = ok ]; then echo "${SECS[$1]}"; elif [ -n "${STATUS[$1]:-}" ]; then echo "${SECS[$1]} (${STATUS[$1]})"; else echo "not run"; fi; }
okrun() { [ "${STATUS[$1]:-}" = ok ]; }

L=${SECS[dump_raw]}
R=${SECS[restore_limit]}
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

row 'raw `pg_dump -Fc -Z0 > /dev/null` (backup limit)' "$(secs dump_raw)" "–" "1.00" "" ""
if okrun cadang_backup; then
  r=$(calc "${SECS[cadang_backup]} / $L")
  row '`cadang backup` → S3' "$(secs cadang_backup)" "$(mb "${STORED[cadang_backup]:-}")" "$r" \
    "≤ $TARGET_BACKUP_VS_DUMP× limit" "$(verdict "$r" le $TARGET_BACKUP_VS_DUMP)"
elif [ "$SKIP_CADANG" = 1 ]; then
  row '`cadang backup` → S3' "skipped" "–" "–" "≤ $TARGET_BACKUP_VS_DUMP× limit" "–"
else
  FAILED=1
  row '`cadang backup` → S3' "$(secs cadang_backup)" "–" "–" "≤ $TARGET_BACKUP_VS_DUMP× limit" "FAIL"
fi
if okrun cadang_backup_file; then
  row '`cadang backup` → local directory (no S3 server; informational)' "$(secs cadang_backup_file)" "–" \
    "$(calc "${SECS[cadang_backup_file]} / $L")" "" ""
fi
row 'seed: `pg_dump -Fc \| openssl enc \| aws s3 cp -`' "$(secs seed_backup)" "$(mb "${STORED[seed_backup]:-}")" \
  "$(calc "${SECS[seed_backup]} / $L")" "" ""
row '`pg_restore -j2` from local `-Z0` dump (restore limit)' "$(secs restore_limit)" "–" "1.00" "" ""
if okrun cadang_restore; then
  r=$(calc "${SECS[cadang_restore]} / $R")
  row '`cadang restore --jobs 2` ← S3' "$(secs cadang_restore)" "–" "$r" \
    "≤ $TARGET_RESTORE_VS_LIMIT× limit" "$(verdict "$r" le $TARGET_RESTORE_VS_LIMIT)"
elif [ "$SKIP_CADANG" = 1 ]; then
  row '`cadang restore --jobs 2` ← S3' "skipped" "–" "–" "≤ $TARGET_RESTORE_VS_LIMIT× limit" "–"
else
  FAILED=1
  row '`cadang restore --jobs 2` ← S3' "$(secs cadang_restore)" "–" "–" "≤ $TARGET_RESTORE_VS_LIMIT× limit" "FAIL"
fi
row 'seed: `aws s3 cp \| openssl enc -d \| pg_restore`' "$(secs seed_restore)" "–" \
  "$(calc "${SECS[seed_restore]} / $R")" "" ""

summary=()
if okrun cadang_backup; then
  s=$(calc "${SECS[seed_backup]} / ${SECS[cadang_backup]}")
  summary+=("| backup speed-up, seed ÷ cadang | ${s}× | ≥ $TARGET_SPEEDUP_VS_SEED× | $(verdict "$s" ge $TARGET_SPEEDUP_VS_SEED) |")
  st=$(calc "${STORED[cadang_backup]} / ${STORED[seed_backup]}")
  summary+=("| stored bytes, cadang ÷ seed | $st | ≤ $TARGET_STORED_VS_SEED | $(verdict "$st" le $TARGET_STORED_VS_SEED) |")
  summary+=("| cadang backup peak RSS (-Xmx$AGENT_HEAP) | ${RSS[cadang_backup]:-?} MB | completes with -Xmx$AGENT_HEAP | PASS |")
fi
if okrun cadang_backup && okrun cadang_backup_counts; then
  c=$(calc "${SECS[cadang_backup]} / ${SECS[cadang_backup_counts]}")
  summary+=("| content checksums' cost: backup with checksums ÷ counts only (${SECS[cadang_backup_counts]} s) | ${c}× | ≤ $TARGET_CHECKSUM_COST× | $(verdict "$c" le $TARGET_CHECKSUM_COST) |")
fi
if okrun cadang_restore_staged; then
  r=$(calc "${SECS[cadang_restore_staged]} / $R")
  row '`cadang restore --jobs 2` ← S3 into an existing empty database (staged; informational)' \
    "$(secs cadang_restore_staged)" "–" "$r" "" ""
fi
if okrun cadang_restore && okrun cadang_restore_counts; then
  c=$(calc "${SECS[cadang_restore]} / ${SECS[cadang_restore_counts]}")
  summary+=("| restore verifying checksums ÷ counts only (${SECS[cadang_restore_counts]} s) | ${c}× | | |")
fi
if okrun cadang_restore; then
  s=$(calc "${SECS[seed_restore]} / ${SECS[cadang_restore]}")
  summary+=("| restore speed-up, seed ÷ cadang | ${s}× | | |")
  summary+=("| cadang restore peak RSS (-Xmx$AGENT_HEAP) | ${RSS[cadang_restore]:-?} MB | completes with -Xmx$AGENT_HEAP | PASS |")
fi

if printf '%s\n' "${rows[@]}" "${summary[@]}" | grep -q '| FAIL |'; then FAILED=1; fi

CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
MEM="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
{
  echo "### Backup benchmark — pgbench scale $SCALE, $DB_MB MB, $([ "$RUNS" = 1 ] && echo "one run" || echo "median of $RUNS runs") ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "| step | seconds | stored MB | ratio vs its limit | target | result |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  printf '%s\n' "${rows[@]}"
  if [ "${#summary[@]}" -gt 0 ]; then
    echo
    echo "| comparison | value | target | result |"
    echo "| --- | ---: | --- | --- |"
    printf '%s\n' "${summary[@]}"
  fi
  echo
  echo "Machine: $NPROC CPUs, $MEM RAM, $CPU. PostgreSQL $PG_VERSION (shared_buffers 1GB, fsync on)," \
    "s3proxy 4.1.0 filesystem blobstore on the same disk, $("$AWS" --version 2>&1 | awk '{print $1}')," \
    "$(openssl version | awk '{print $1, $2}'), cadang ${CADANG_VERSION:-not run}." \
    "Other work: CPU ${BUSY_BEFORE}% busy just before measuring (above ~10%, the numbers are skewed)." \
    "MB = 10^6 bytes; restores are checked for all $ACCOUNTS account rows."
} >"$RESULTS_DIR/latest.md"
echo
cat "$RESULTS_DIR/latest.md"
echo
say "table written to $RESULTS_DIR/latest.md"
if [ "$FAILED" = 1 ]; then
  say "a target was missed or a cadang step failed; cadang output is in $LOG"
  exit 3
fi
