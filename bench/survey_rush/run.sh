#!/usr/bin/env bash
# Survey rush: 2,000 students of one branch submit the thermometer through gunicorn on PostgreSQL.
#
#   bench/survey_rush/run.sh                    # 2,000 students, 60 simulated phones, 3 workers
#   STUDENTS=500 USERS=30 WORKERS=2 bench/survey_rush/run.sh
#
# Creates (drops first) the database $RUSH_DB on $PG (a PostgreSQL superuser URL without the
# database name), migrates it (row-level security on), seeds one branch with the codes,
# starts gunicorn with config/gunicorn.conf.py, runs locust headless until every code has
# been submitted, then counts what was stored (bench/survey_rush/check.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

PG=${PG:-postgres://postgres@127.0.0.1:5432}
RUSH_DB=${RUSH_DB:-pestzaak_survey_rush}
STUDENTS=${STUDENTS:-2000}
USERS=${USERS:-60}
WORKERS=${WORKERS:-3}
PORT=${PORT:-8765}
OUT=var/bench/survey_rush
mkdir -p "$OUT"

export DATABASE_URL="$PG/$RUSH_DB"
export DJANGO_SETTINGS_MODULE=config.settings
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-survey-rush-bench-key-not-for-production}
export DJANGO_DEBUG=False DJANGO_SECURE_SSL_REDIRECT=False LOG_LEVEL=WARNING

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $RUSH_DB" -c "CREATE DATABASE $RUSH_DB" >/dev/null
python manage.py migrate -v0
python bench/survey_rush/seed.py --students "$STUDENTS" --codes "$OUT/codes.txt"

GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=$WORKERS gunicorn config.wsgi -c config/gunicorn.conf.py \
  >"$OUT/access.log" 2>"$OUT/gunicorn.err" &
GUNICORN_PID=$!
trap 'kill $GUNICORN_PID 2>/dev/null || true' EXIT
# Ready when the API answers (400: no code given; nothing is looked up or counted).
for _ in $(seq 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' \
    "http://127.0.0.1:$PORT/api/v1/thermometer/drafts/resume/")" = 400 ] && break; sleep 0.2
done

START=$(date +%s.%N)
RUSH_CODES="$OUT/codes.txt" locust -f bench/survey_rush/locustfile.py --headless -u "$USERS" -r "$USERS" \
  --host "http://127.0.0.1:$PORT" --run-time 15m --csv "$OUT/rush" --only-summary --stop-timeout 10 \
  2>"$OUT/locust.log" || true
END=$(date +%s.%N)
SECONDS_TAKEN=$(python -c "print($END - $START)")

python bench/survey_rush/check.py --csv "$OUT/rush" --expected "$STUDENTS" --seconds "$SECONDS_TAKEN"
echo "access log lines: $(wc -l < "$OUT/access.log"); lines with a code: $(grep -cE 'code=|[A-HJ-NP-Z2-9]{12}' "$OUT/access.log" || true)"
grep 'thermometer/responses' "$OUT/access.log" | awk '{print $NF}' | sed 's/ms//' | sort -n \
  | awk '{a[NR]=$1} END {printf "server time ms        p50 %s  p95 %s  p99 %s (gunicorn access log, %d requests)\n", a[int(NR*0.5)], a[int(NR*0.95)], a[int(NR*0.99)], NR}'
