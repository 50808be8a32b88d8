#!/usr/bin/env bash
# PgBouncer in transaction mode in front of the bench PostgreSQL, and the staff pages through it.
#
#   apt-get install -y pgbouncer       # Debian's package; not needed by CI
#   bench/pgbouncer/run.sh             # port 6407 -> 127.0.0.1:5432
#
# What it shows (bench/README.md, "Scaling out"):
# * the tenant setting is per transaction (set_config(..., true), people/tenancy.py), so a
#   server connection handed from one client transaction to the next carries no tenant;
# * the application's role must not be a session setting either: Django's SET ROLE on
#   connect would only reach the one server connection it happened to run on. Here every
#   server connection starts as the app role (connect_query); in production give
#   PgBouncer the app role's own login (DATABASE_APP_ROLE) and keep migrations on a direct
#   connection as the owner;
# * server-side cursors are off (DATABASE_POOLED_TRANSACTIONS=1, config/settings.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PGB_PORT:-6407}
DIR=$(mktemp -d /tmp/pz-pgbouncer.XXXX)
chown postgres "$DIR"
APP_ROLE=${DATABASE_APP_ROLE:-pestzaak_app}
# The migrated, seeded database the staff pages are measured on (e.g. pz_h_platform:
# bench/platform_data.py's 1,000 boards).
BENCH_DB=${PGB_DATABASE:-pz_h16_bench}
# The database of the 40-transaction check: the same one when PGB_DATABASE is given.
POOL_DB=${PGB_DATABASE:-pz_h16_pgb}
cat >"$DIR/pgbouncer.ini" <<INI
[databases]
pz_h16_pgb = host=127.0.0.1 port=5432 dbname=pz_h16_pgb connect_query='SET ROLE $APP_ROLE'
test_pz_h16_pgb = host=127.0.0.1 port=5432 dbname=test_pz_h16_pgb connect_query='SET ROLE $APP_ROLE'
$BENCH_DB = host=127.0.0.1 port=5432 dbname=$BENCH_DB connect_query='SET ROLE $APP_ROLE'
postgres = host=127.0.0.1 port=5432 dbname=postgres
[pgbouncer]
admin_users = postgres
listen_addr = 127.0.0.1
listen_port = $PORT
auth_type = trust
auth_file = $DIR/users.txt
pool_mode = transaction
max_client_conn = 200
default_pool_size = 4
unix_socket_dir = $DIR
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
ignore_startup_parameters = extra_float_digits,options
INI
echo '"postgres" ""' >"$DIR/users.txt"
chown -R postgres "$DIR"
su postgres -s /bin/sh -c "/usr/sbin/pgbouncer -d $DIR/pgbouncer.ini"
trap 'kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null || true' EXIT
sleep 1
if [ "$POOL_DB" = pz_h16_pgb ]; then
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE pz_h16_pgb" 2>/dev/null || true
fi

echo "== 40 transactions through the pool: role and tenant inside each (4 server connections)"
for i in $(seq 40); do
  psql -h 127.0.0.1 -p "$PORT" -U postgres "$POOL_DB" -tAc \
    "BEGIN; SELECT set_config('app.organisation_id', '$i', true) = '$i', current_user, pg_backend_pid(); COMMIT;" &
done | sort | uniq -c | sed 's/^/   /'
wait
psql -h 127.0.0.1 -p "$PORT" -U postgres "$POOL_DB" -tAc "SELECT 'after: tenant setting is ' || coalesce(nullif(current_setting('app.organisation_id', true), ''), '(empty)')"

export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/7} DJANGO_SETTINGS_MODULE=config.test_settings
# Migrations (and the role grants after them) are owner's work on a direct connection:
# RESET ROLE through a transaction pool reaches one server connection, the next statement
# may run on another. So the pages are measured on a database migrated beforehand:
# bench/staff_pages.py's own (run it once directly first).
echo "== the staff pages through PgBouncer (transaction mode, 4 server connections): every page 200, as its tenant"
DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/$BENCH_DB" DATABASE_POOLED_TRANSACTIONS=1 \
  .venv/bin/python bench/staff_pages.py --no-migrate --requests ${REQUESTS:-10}
echo "== pool statistics"
psql -h 127.0.0.1 -p "$PORT" -U postgres pgbouncer -c "SHOW POOLS" 2>/dev/null | head -8 || true
