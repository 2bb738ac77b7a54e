#!/usr/bin/env bash
# Repository sync benchmark: RepositoryScanner over 10,000 complete backups (and 10,000 damaged
# ones) on a real S3 server (s3proxy, in-memory, in a JVM of its own), against the bare listing and
# the bare download of every manifest measured in the same run, with the heap it needs in a JVM
# capped like the operator's. It is the JUnit class RepositorySyncBench (operator/controller),
# skipped in every ordinary build; this script builds what it needs and runs it.
# See bench/README.md.
#
#   bench/sync-bench.sh                   # 10,000 backups, 3 rounds, -Xmx256m
#   BACKUPS=1000 ROUNDS=1 bench/sync-bench.sh
#
# Exit: 0 every check passed, 3 a check failed (the table still prints), anything else: the
# build or the benchmark itself broke.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BACKUPS="${BACKUPS:-10000}"   # complete backups in the repository under test
REFUSED="${REFUSED:-$BACKUPS}" # damaged backups in a second repository
ROUNDS="${ROUNDS:-3}"         # every step runs once a round; medians are reported
WRITERS="${WRITERS:-8}"       # threads writing the backups during set-up (not measured)
# The operator's pod (limit 512Mi, -XX:MaxRAMPercentage=75) has a ~384 MB heap, and below 1792 MB
# of memory the JVM picks the serial collector; the bench JVM is held tighter than that.
HEAP="${HEAP:-256m}"
JVM_OPTS="${JVM_OPTS:--Xmx$HEAP -XX:+UseSerialGC}"
# memory: s3proxy's in-memory store in its own JVM; filesystem: testkit's S3TestServer in its own
# JVM (its listing walks every file per page: minutes for 50,000 keys); inprocess: S3TestServer
# inside the measured JVM.
S3_MODE="${S3_MODE:-memory}"
OUT_DIR="$BENCH_DIR/out"
TABLE="$OUT_DIR/sync-latest.md"
LOG="$OUT_DIR/sync-latest.log"

source "$BENCH_DIR/lib.sh"

for v in BACKUPS REFUSED ROUNDS WRITERS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
done
case "$S3_MODE" in
  memory | filesystem | inprocess) ;;
  *) die "S3_MODE must be memory, filesystem or inprocess, got '$S3_MODE'" ;;
esac
command -v mvn >/dev/null || die "mvn is needed to build and run the benchmark"
command -v java >/dev/null || die "java 17 is needed"

# Two benchmarks at once would each measure the other (same lock as the other benches).
exec 9>/tmp/cadang-bench.lock
flock -n 9 || die "another benchmark is running on this machine (lock /tmp/cadang-bench.lock)"

mkdir -p "$OUT_DIR"
rm -f "$TABLE"
: >"$LOG"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs); output in $LOG"

# One Maven run builds testkit, agent, api and controller (-am) and runs only this class: the
# -Dtest filter leaves the other modules' tests out. The formatter (spotless:apply) is skipped so a
# benchmark never rewrites sources. argLine is the forked test JVM's command line: the heap cap.
set +e
(
  cd "$REPO_ROOT" &&
    mvn -B -q -pl operator/controller -am test \
      -Dtest=RepositorySyncBench -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
      -Dspotless.apply.skip=true \
      -DargLine="$JVM_OPTS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn" \
      -Dcadang.bench=true \
      -Dcadang.bench.backups="$BACKUPS" -Dcadang.bench.refused="$REFUSED" \
      -Dcadang.bench.rounds="$ROUNDS" -Dcadang.bench.writers="$WRITERS" \
      -Dcadang.bench.s3="$S3_MODE" -Dcadang.bench.out="$TABLE" 9>&-
) 2>&1 | tee -a "$LOG" | grep --line-buffered '^\[sync-bench' >&2
rc=${PIPESTATUS[0]}
set -e
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -s "$TABLE" ]; then
  tail -40 "$LOG" >&2
  die "the benchmark did not finish (mvn exit $rc; full output in $LOG)"
fi
echo
cat "$TABLE"
echo
say "table written to $TABLE"
if [ "$rc" != 0 ]; then
  say "a check failed (mvn exit $rc); see the deviations above and $LOG"
  exit 3
fi
