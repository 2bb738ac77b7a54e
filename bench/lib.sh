# Shared set-up for the benchmarks in bench/: one throwaway PostgreSQL 15 with a pgbench database
# whose filler is random (pgbench's own blanks compress ~50:1 and flatter every compressor), and
# one local S3 server (s3proxy). Sourced, not run. Callers set WORK, LOG, PG_BIN and BENCH_DIR.

say() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    apt-get update -qq >&2
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    # A refused connection means nobody listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
calc() { awk "BEGIN { printf \"%.2f\", $* }"; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# verdict VALUE le|ge TARGET -> PASS/FAIL
verdict() {
  case $2 in
    le) le "$1" "$3" && echo PASS || echo FAIL ;;
    ge) le "$3" "$1" && echo PASS || echo FAIL ;;
  esac
}

# Everything shares two cores, so other work on the machine skews every number. Our own servers
# are idle when this runs; CPU busy over a few seconds measures everyone else.
cpu_busy_pct() {
  local a b
  a=($(head -1 /proc/stat))
  sleep 3
  b=($(head -1 /proc/stat))
  awk -v u=$((b[1] + b[2] + b[3] + b[6] + b[7] + b[8] - a[1] - a[2] - a[3] - a[6] - a[7] - a[8])) \
    -v i=$((b[4] + b[5] - a[4] - a[5])) 'BEGIN { printf "%.0f", 100 * u / (u + i) }'
}

# start_postgres: initdb + start in $PG_DATA with password (SCRAM) auth over TCP like a real
# client, settings sized for this box; extra postgresql.conf lines come on stdin. fsync stays on:
# turning it off would make every restore look faster than it is. Sets PG_PORT, PGHOST, PGPORT,
# PGUSER, PGPASSWORD and PG_VERSION.
start_postgres() {
  PG_PORT="$(free_port)"
  export PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGUSER=postgres
  export PGPASSWORD
  PGPASSWORD="bench-$(openssl rand -hex 12)"
  printf '%s\n' "$PGPASSWORD" >"$WORK/pgpass"
  chown postgres "$WORK/pgpass"
  mkdir -p "$PG_DATA" "$WORK/sock"
  touch "$WORK/postgres.log"
  chown postgres "$PG_DATA" "$WORK/sock" "$WORK/postgres.log"
  say "initdb (PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), port $PG_PORT)"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$WORK/pgpass" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$LOG" 2>&1
  {
    cat <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$WORK/sock'
password_encryption = 'scram-sha-256'
shared_buffers = 1GB
maintenance_work_mem = 512MB
work_mem = 64MB
max_wal_size = 4GB
checkpoint_timeout = 30min
fsync = on
CONF
    cat
  } >>"$PG_DATA/postgresql.conf"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/postgres.log" -w start >>"$LOG" 2>&1 9>&- \
    || { tail -20 "$WORK/postgres.log" >&2; die "postgres did not start"; }
  PG_VERSION="$(psql -d postgres -Atc 'show server_version')"
}

# make_pgbench_db SCALE: database "bench" with pgbench's schema and random filler, rows inserted
# one INSERT per CPU in parallel. Sets ACCOUNTS, DB_BYTES, DB_MB.
make_pgbench_db() {
  local scale=$1 t0 lo hi i p
  local rnd84="substr(md5(random()::text) || md5(random()::text) || md5(random()::text), 1, 84)"
  say "creating pgbench database, scale $scale"
  t0=$(now)
  createdb bench
  pgbench -i -I dt -s "$scale" bench >>"$LOG" 2>&1
  psql -q -d bench -v ON_ERROR_STOP=1 >>"$LOG" 2>&1 <<SQL
insert into pgbench_branches (bid, bbalance, filler)
  select b, 0, $rnd84 from generate_series(1, $scale) b;
insert into pgbench_tellers (tid, bid, tbalance, filler)
  select t, (t - 1) / 10 + 1, 0, $rnd84 from generate_series(1, 10 * $scale) t;
SQL
  ACCOUNTS=$((100000 * scale))
  NPROC="$(nproc)"
  local pids=()
  for ((i = 0; i < NPROC; i++)); do
    lo=$((ACCOUNTS * i / NPROC + 1))
    hi=$((ACCOUNTS * (i + 1) / NPROC))
    psql -q -d bench -v ON_ERROR_STOP=1 -c "insert into pgbench_accounts (aid, bid, abalance, filler)
      select a, (a - 1) / 100000 + 1, 0, $rnd84 from generate_series($lo, $hi) a" >>"$LOG" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "loading pgbench_accounts failed (see $LOG)"; done
  pgbench -i -I pv -s "$scale" bench >>"$LOG" 2>&1
  psql -q -d bench -c 'checkpoint' >>"$LOG"
  DB_BYTES="$(psql -d bench -Atc "select pg_database_size('bench')")"
  DB_MB="$(calc "$DB_BYTES / 1e6")"
  say "database bench: $DB_MB MB ($ACCOUNTS accounts) in $(elapsed "$t0" "$(now)") s"
}

# start_s3proxy: s3proxy on the filesystem blobstore (not the in-memory one: a scale-50 backup
# would not fit its heap). Its classpath comes from a throwaway pom via Maven, so it is cached in
# ~/.m2. Sets S3_PID, S3_ENDPOINT and the AWS_* variables.
start_s3proxy() {
  local port code i
  port="$(free_port)"
  S3_ENDPOINT="http://127.0.0.1:$port"
  export AWS_ACCESS_KEY_ID="bench-access" AWS_SECRET_ACCESS_KEY="bench-secret-$(openssl rand -hex 8)"
  export AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  # Keep the caller's ~/.aws out of the measurement.
  export AWS_CONFIG_FILE="$WORK/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
  say "resolving s3proxy classpath"
  (cd "$WORK" && mvn -q -B -f "$BENCH_DIR/s3proxy/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$WORK/s3proxy.classpath") >>"$LOG" 2>&1 || die "mvn could not resolve s3proxy (see $LOG)"
  mkdir -p "$WORK/s3data"
  cat >"$WORK/s3proxy.properties" <<PROPS
s3proxy.endpoint=$S3_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.identity=$AWS_ACCESS_KEY_ID
jclouds.credential=$AWS_SECRET_ACCESS_KEY
jclouds.filesystem.basedir=$WORK/s3data
PROPS
  java -Xmx1g -Dlogback.configurationFile="$BENCH_DIR/s3proxy/logback.xml" \
    -cp "$(cat "$WORK/s3proxy.classpath")" org.gaul.s3proxy.Main \
    --properties "$WORK/s3proxy.properties" >"$WORK/s3proxy.log" 2>&1 9>&- &
  S3_PID=$!
  for ((i = 0; ; i++)); do
    # Any HTTP answer (403 for an anonymous request) means it is up.
    code="$(curl -s -o /dev/null -w '%{http_code}' "$S3_ENDPOINT/" || true)"
    [ "$code" != 000 ] && break
    kill -0 "$S3_PID" 2>/dev/null || { cat "$WORK/s3proxy.log" >&2; die "s3proxy exited"; }
    [ "$i" -lt 120 ] || die "s3proxy did not answer on $S3_ENDPOINT within 60 s"
    sleep 0.5
  done
}
