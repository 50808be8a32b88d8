#!/usr/bin/env bash
# Mixed load test: 200 staff users browsing and logging while a branch of 2,000 students
# fills in the thermometer, against gunicorn (config/gunicorn.conf.py, 4 workers) +
# PostgreSQL + Redis + a Celery worker, all on this machine (127.0.0.1 only).
#
#   bench/load/run.sh                                   # 200 staff, 2,000 students, 5 minutes
#   RUN_TIME=2m STUDENTS=500 PHONES=50 SPAWN_RATE=5 bench/load/run.sh
#
# Users start at SPAWN_RATE a second (5: the 300 simulated people are all there after a
# minute; every staff log-in hashes the password with the production hasher).
#
# Creates (drops first) the database $LOAD_DB on $PG (a PostgreSQL superuser URL without
# the database name), migrates it (row-level security on), seeds it (bench/load/seed.py),
# starts a Celery worker and gunicorn with the production settings (DEBUG off), runs locust
# headless for $RUN_TIME (or until every student sent the survey and the staff time is up),
# then prints p50/p95/p99 per page and the error count (bench/load/report.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

PG=${PG:-postgres://postgres@127.0.0.1:5432}
LOAD_DB=${LOAD_DB:-pestzaak_load}
STUDENTS=${STUDENTS:-2000}
PHONES=${PHONES:-100}
STAFF_USERS=200
RUN_TIME=${RUN_TIME:-5m}
WORKERS=${WORKERS:-4}
PORT=${PORT:-8766}
REDIS=${LOAD_REDIS_URL:-redis://127.0.0.1:6379/12}
OUT=var/bench/load
mkdir -p "$OUT"
PY=${PYTHON:-python}   # needs Django, the app's packages and locust (pip install locust)
"$PY" -c "import locust" 2>/dev/null || { echo "locust is not installed for $PY (pip install locust)" >&2; exit 1; }

export DATABASE_URL="$PG/$LOAD_DB"
export DJANGO_SETTINGS_MODULE=config.settings
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-load-test-key-not-for-production}
export DJANGO_DEBUG=False DJANGO_SECURE_SSL_REDIRECT=False LOG_LEVEL=WARNING
export OTP_REQUIRED_FOR_DOSSIER_ROLES=False   # the simulated staff have no authenticator app
export CELERY_BROKER_URL="$REDIS" EMAIL_URL=consolemail://
export GUNICORN_ACCESSLOG="$OUT/access.log"
: > "$OUT/access.log"

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $LOAD_DB" -c "CREATE DATABASE $LOAD_DB" >/dev/null
redis-cli -u "$REDIS" flushdb >/dev/null
"$PY" manage.py migrate -v0
"$PY" manage.py collectstatic --noinput -v0
"$PY" bench/load/seed.py --students "$STUDENTS" --codes "$OUT/codes.txt" --staff "$OUT/staff.json"
# Planner statistics for the freshly loaded tables, as after any bulk load. Without them
# (autovacuum is off on the CI/dev server) PostgreSQL guesses one row per table and the
# mentor's "Mijn zaken" access query takes ~10 s instead of ~7 ms (bench/README.md).
psql "$DATABASE_URL" -qc "ANALYZE"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
"$PY" -m celery -A config worker --pool=solo -l warning --without-heartbeat --without-gossip --without-mingle \
  -n "load$$@%h" >"$OUT/worker.log" 2>&1 &
pids+=($!)
GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=$WORKERS "$PY" -m gunicorn config.wsgi -c config/gunicorn.conf.py \
  >"$OUT/access.log" 2>"$OUT/gunicorn.err" &
pids+=($!)
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/inloggen/" && break; sleep 0.2; done

echo "== locust: $STAFF_USERS staff + $PHONES student phones for $STUDENTS students, $RUN_TIME"
LOAD_CODES="$OUT/codes.txt" LOAD_STAFF="$OUT/staff.json" LOAD_PHONES=$PHONES LOAD_STAFF_USERS=$STAFF_USERS \
  "$PY" -m locust -f bench/load/locustfile.py --headless -u $((STAFF_USERS + PHONES)) -r "${SPAWN_RATE:-5}" \
  --host "http://127.0.0.1:$PORT" --run-time "$RUN_TIME" --csv "$OUT/load" --only-summary --stop-timeout 10 \
  2>"$OUT/locust.log" | tail -3 || true

"$PY" bench/load/report.py --csv "$OUT/load" --access-log "$OUT/access.log" --database "$DATABASE_URL" \
  --locust-log "$OUT/locust.log"
