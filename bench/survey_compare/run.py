#!/usr/bin/env python
"""Survey submission against the bare baseline, under the same load, interleaved.

Sets up databases of its own (names must contain "bench"): two for the app (migrated,
row-level security on, one branch with STUDENTS one-time codes each, bench/survey_rush/seed.py):
"many" in classes of 30, "one" with all codes in one class (a class filling in together:
every start and send of that class touches the same class rows), and one for the bare app
(one table). Starts a gunicorn per app database and one for the bare Django app
(bench/survey_compare/bare_app.py), all with the same number of sync workers (Pestzaak:
config.wsgi, production settings, config/gunicorn.conf.py). Then alternates phases of
PHASE seconds: many, bare, one, bare, many, bare, … each with CONNECTIONS concurrent
clients posting as fast as they are answered. A student on the app side is two requests
(issue 11): start a session with the code, then send the 42 answers with the session; one
student in ten starts again with the used code at once and must get 409. Per side it
prints submissions/s, p50/p99 latency, the CPU the gunicorn workers and the PostgreSQL
backends of its database used per submission (/proc/<pid>/stat), and the load average;
then the ratios app/bare and one/many, and the checks (rows stored = 201s = used codes,
no session left, every replay 409, no 5xx).

    python bench/survey_compare/run.py                         # both layouts, interleaved
    python bench/survey_compare/run.py --one-class             # only all codes in one class
    python bench/survey_compare/run.py --rounds 4 --phase 15 --connections 16 --workers 4
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("PG", "postgres://postgres@127.0.0.1:5432")
APP_DB = os.environ.get("APP_DB", "pz_h16_bench_rush")
BARE_DB = os.environ.get("BARE_DB", "pz_h16_bench_bare")
PY = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
ITEMS = [
    item["key"]
    for section in json.loads((ROOT / "monitoring/instrument/thermometer_v1.json").read_text())["sections"]
    for item in section["items"]
]
GENDERS = ["boy", "girl", "other", "prefer_not_to_say"]
APP_PATH = "/api/v1/thermometer/responses/"
CLK = os.sysconf("SC_CLK_TCK")


def psql(db: str, sql: str) -> str:
    return subprocess.run(["psql", f"{PG}/{db}", "-tAc", sql], check=True, capture_output=True, text=True).stdout.strip()


def recreate(db: str) -> None:
    assert "bench" in db, "only benchmark databases are dropped"
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {db}", "-c", f"CREATE DATABASE {db}"],
                   check=True, capture_output=True)


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def backends(db: str) -> list[int]:
    rows = psql("postgres", f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}'")
    return [int(p) for p in rows.split()]


class Side:
    def __init__(self, name: str, port: int, path: str, db: str):
        self.name, self.port, self.path, self.db = name, port, path, db
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.seconds = 0.0
        self.worker_cpu = 0.0
        self.db_cpu = 0.0
        self.replays = 0
        self.replays_409 = 0
        self.load: list[float] = []
        self.master = 0
        self.class_size = 0


def post(port: int, path: str, body: dict) -> tuple[int, float]:
    status, ms, _body = post_read(port, path, body)
    return status, ms


def post_read(port: int, path: str, body: dict) -> tuple[int, float, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json",
                                                  "X-Forwarded-Proto": "https"})
    response = conn.getresponse()
    content = response.read()
    conn.close()
    return response.status, (time.perf_counter() - started) * 1000, content


#: Set at start: True when the API starts a session with the code first (POST SESSION_PATH
#: {code} -> {session}), then takes the answers with the session (issue 11's anonymity).
SESSION_FLOW = {"on": False}
SESSION_PATH = "/api/v1/thermometer/sessions/"


def submit_app(port: int, path: str, body: dict) -> tuple[int, float, dict]:
    """One student's submission: (status of the last request, total ms, the body to replay)."""
    if not SESSION_FLOW["on"]:
        status, ms = post(port, path, body)
        return status, ms, body
    status, ms1, content = post_read(port, SESSION_PATH, {"code": body["code"]})
    if status != 201:
        return status, ms1, body
    body["session"] = json.loads(content)["session"]
    status, ms2 = post(port, path, body)
    return status, ms1 + ms2, body


def phase(side: Side, seconds: float, connections: int, codes: list[str], lock: threading.Lock) -> None:
    stop = time.monotonic() + seconds
    rnd = random.Random()
    workers = children(side.master)
    pg = backends(side.db)
    cpu0, pg0, t0 = cpu_seconds(workers), cpu_seconds(pg), time.perf_counter()

    def client():
        while time.monotonic() < stop:
            body = {"answers": {k: rnd.randint(0, 5) for k in ITEMS}, "gender": rnd.choice(GENDERS)}
            if side.name.startswith("app"):
                with lock:
                    if not codes:
                        return
                    body["code"] = codes.pop()
            if side.name.startswith("app"):
                status, ms, body = submit_app(side.port, side.path, body)
            else:
                status, ms = post(side.port, side.path, body)
            with lock:
                side.latencies.append(ms)
                side.statuses[status] = side.statuses.get(status, 0) + 1
            if side.name.startswith("app") and status == 201 and rnd.random() < 0.1:
                # A double tap: the same code again (with the session flow: starting again).
                replay, _ms = post(side.port, SESSION_PATH if SESSION_FLOW["on"] else side.path,
                                   {"code": body["code"]} if SESSION_FLOW["on"] else body)
                with lock:
                    side.replays += 1
                    side.replays_409 += replay == 409

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    side.seconds += time.perf_counter() - t0
    side.worker_cpu += cpu_seconds(workers) - cpu0
    side.db_cpu += cpu_seconds(list(set(pg) | set(backends(side.db)))) - pg0
    side.load.append(os.getloadavg()[0])


def wait_ready(port: int, path: str) -> None:
    for _ in range(200):
        try:
            post(port, path, {})
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def seed_app(db: str, students: int, class_size: int, env: dict, out: Path) -> list[str]:
    recreate(db)
    env = dict(env, DATABASE_URL=f"{PG}/{db}")
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    codes_file = out / f"codes_{db}.txt"
    subprocess.run([PY, "bench/survey_rush/seed.py", "--students", str(students), "--class-size", str(class_size),
                    "--codes", str(codes_file)], cwd=ROOT, env=env, check=True)
    psql(db, "ANALYZE")
    return list(reversed(codes_file.read_text().split()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4000, help="codes per app database")
    parser.add_argument("--one-class", action="store_true", help="only the one-class layout")
    parser.add_argument("--many-classes", action="store_true", help="only the classes-of-30 layout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--phase", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8107")))
    args = parser.parse_args()

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings",
               DJANGO_SECRET_KEY="survey-compare-bench-key-not-for-production", DJANGO_DEBUG="False",  # pragma: allowlist secret
               DJANGO_SECURE_SSL_REDIRECT="False", LOG_LEVEL="WARNING", GUNICORN_ACCESSLOG="off",
               GUNICORN_WORKERS=str(args.workers), BARE_DATABASE_URL=f"{PG}/{BARE_DB}", PYTHONPATH=str(ROOT))
    out = ROOT / "var/bench/survey_compare"
    out.mkdir(parents=True, exist_ok=True)
    layouts = [("many", 30, APP_DB), ("one", args.students, APP_DB + "_one")]
    if args.one_class:
        layouts = layouts[1:]
    elif args.many_classes:
        layouts = layouts[:1]
    apps: list[Side] = []
    codes: dict[str, list[str]] = {}
    for i, (name, class_size, db) in enumerate(layouts):
        side = Side(f"app:{name}", args.port + i, APP_PATH, db)
        side.class_size = class_size
        codes[side.name] = seed_app(db, args.students, class_size, env, out)
        apps.append(side)
    recreate(BARE_DB)
    subprocess.run([PY, "bench/survey_compare/bare_app.py", "create-table"], cwd=ROOT, env=env, check=True)
    total_codes = {name: len(c) for name, c in codes.items()}

    bare = Side("bare", args.port + 10000, "/submit/", BARE_DB)
    procs = []
    for side in apps:
        procs.append(subprocess.Popen(
            [GUNICORN, "config.wsgi", "-c", "config/gunicorn.conf.py"], cwd=ROOT,
            env=dict(env, DATABASE_URL=f"{PG}/{side.db}", GUNICORN_BIND=f"127.0.0.1:{side.port}"),
            stdout=open(out / f"{side.db}.log", "w"), stderr=subprocess.STDOUT))
        side.master = procs[-1].pid
    procs.append(subprocess.Popen([GUNICORN, "bench.survey_compare.bare_app:application", "-w", str(args.workers),
                                   "-b", f"127.0.0.1:{bare.port}"], cwd=ROOT, env=env,
                                  stdout=open(out / "bare.log", "w"), stderr=subprocess.STDOUT))
    bare.master = procs[-1].pid
    lock = threading.Lock()
    warm_ok: dict[str, int] = {}
    sides = [*apps, bare]
    try:
        for side in apps:
            wait_ready(side.port, APP_PATH)
        wait_ready(bare.port, "/submit/")
        SESSION_FLOW["on"] = post(apps[0].port, SESSION_PATH, {})[0] == 400  # a missing code: the route exists
        for side in sides:  # warm-up, not timed: imports, connections
            phase(side, 2, 2, codes.get(side.name, []), lock)
        for side in sides:
            warm_ok[side.name] = side.statuses.get(201, 0)
            side.latencies.clear()
            side.statuses.clear()
            side.seconds = side.worker_cpu = side.db_cpu = 0.0
            side.replays = side.replays_409 = 0
            side.load.clear()
        for _ in range(args.rounds):
            for side in apps:  # app, bare, app, bare: each app layout next to a bare phase
                phase(side, args.phase, args.connections, codes[side.name], lock)
                phase(bare, args.phase, args.connections, [], lock)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)

    print(f"machine: {os.uname().machine}, {os.cpu_count()} CPUs; {args.workers} sync workers each; "
          f"{args.connections} connections; {args.rounds} rounds of {args.phase:.0f} s phases "
          f"({' / '.join(s.name for s in apps)} each followed by bare), interleaved; "
          f"{args.students} codes per layout: " + ", ".join(
              f"{s.name} = {'one class' if s.class_size >= args.students else f'classes of {s.class_size}'}" for s in apps))
    print(f"{'side':<9} {'requests':>8} {'subm/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'worker CPU ms':>14} "
          f"{'PG CPU ms':>10} {'load avg':>9}  statuses")
    rate = {}
    for side in sides:
        n = len(side.latencies)
        ok = side.statuses.get(201, 0)
        rate[side.name] = ok / side.seconds if side.seconds else 0
        lat = sorted(side.latencies)
        p99 = lat[min(n - 1, int(n * 0.99))] if n else 0
        print(f"{side.name:<9} {n:>8} {rate[side.name]:>7.1f} {statistics.median(lat) if n else 0:>7.1f} {p99:>7.1f} "
              f"{1000 * side.worker_cpu / max(n, 1):>14.2f} {1000 * side.db_cpu / max(n, 1):>10.2f} "
              f"{statistics.mean(side.load) if side.load else 0:>9.1f}  {dict(sorted(side.statuses.items()))}")
    print("(per submission: an app submission is two requests, start + send, and p50/p99 are their sum; "
          "CPU is per submission, a replay's included)")
    for side in apps:
        ratio = rate[side.name] / rate["bare"] if rate["bare"] else 0
        print(f"ratio {side.name}/bare (submissions/s): {ratio:.2f}")
    if len(apps) == 2 and rate[apps[0].name]:
        print(f"one class / many classes: {rate[apps[1].name] / rate[apps[0].name]:.2f} (target >= 0.80)")
    for side in apps:
        stored = int(psql(side.db, "SELECT count(*) FROM monitoring_response"))
        used = int(psql(side.db, "SELECT count(*) FROM monitoring_accesscode WHERE used"))
        sessions = int(psql(side.db, "SELECT count(*) FROM monitoring_surveysession"))
        accepted = side.statuses.get(201, 0) + warm_ok[side.name]
        exact = stored == used == accepted and side.replays_409 == side.replays and sessions == 0
        print(f"checks {side.name}: responses stored {stored}, codes used {used}, open sessions {sessions}, "
              f"submissions answered 201 {accepted} (of {total_codes[side.name]} codes); replays answered 409: "
              f"{side.replays_409} of {side.replays}; 5xx: {sum(v for k, v in side.statuses.items() if k >= 500)} "
              f"-> {'EXACT' if exact else 'MISMATCH'}")
    print(f"bare rows {psql(BARE_DB, 'SELECT count(*) FROM bare_response')}")


if __name__ == "__main__":
    main()
