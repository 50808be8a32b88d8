#!/usr/bin/env python
"""Where one student's submission spends its time, in one process, through the real WSGI path.

Calls ``config.wsgi.application`` (what gunicorn calls) directly with WSGI environs, so
every middleware and the lean survey path are in the picture, without network or
gunicorn. Needs a database seeded by bench/survey_rush/seed.py (its codes file):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pz_e_prof python manage.py migrate
    DATABASE_URL=... python bench/survey_rush/seed.py --codes var/bench/prof_codes.txt
    DATABASE_URL=... python bench/survey_compare/cpu_profile.py --codes var/bench/prof_codes.txt -n 200
    DATABASE_URL=... python bench/survey_compare/cpu_profile.py --codes ... --queries     # the SQL, per request
    DATABASE_URL=... python bench/survey_compare/cpu_profile.py --codes ... --profile     # cProfile, top 30

Prints CPU ms per request (this process: Django; the PostgreSQL backend's CPU is not in it)
for the session start and the submission, and the query count of each.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "survey-compare-bench-key-not-for-production")  # pragma: allowlist secret
os.environ.setdefault("DJANGO_DEBUG", "False")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.wsgi import application  # noqa: E402

ITEMS = [
    item["key"]
    for section in json.loads((ROOT / "monitoring/instrument/thermometer_v1.json").read_text())["sections"]
    for item in section["items"]
]


def call(path: str, body: dict) -> tuple[int, bytes]:
    raw = json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "localhost", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "localhost",
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(raw)), "HTTP_X_FORWARDED_PROTO": "https",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(raw), "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    status = []
    chunks = application(environ, lambda s, h, *a: status.append(int(s.split()[0])))
    content = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return status[0], content


def student(code: str, rnd: random.Random) -> tuple[int, int]:
    s1, content = call("/api/v1/thermometer/sessions/", {"code": code})
    if s1 != 201:
        return s1, 0
    token = json.loads(content)["session"]
    s2, _ = call("/api/v1/thermometer/responses/", {
        "session": token, "answers": {k: rnd.randint(0, 5) for k in ITEMS}, "gender": rnd.choice(["boy", "girl"])})
    return s1, s2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", required=True)
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()
    from django.db import connection

    used_file = Path(args.codes + ".used")
    used = set(used_file.read_text().split()) if used_file.exists() else set()
    codes = [c for c in Path(args.codes).read_text().split() if c not in used]
    if len(codes) < args.n + 5:
        raise SystemExit(f"only {len(codes)} unused codes left: seed again")
    rnd = random.Random(1)
    for code in codes[:5]:  # warm up: imports, the connection, caches
        student(code, rnd)
    batch = codes[5:5 + args.n]
    used_file.write_text("\n".join(sorted(used | set(codes[:5 + args.n]))))
    if args.queries:
        from django.test.utils import CaptureQueriesContext

        code = batch.pop()
        with CaptureQueriesContext(connection) as q1:
            s1, content = call("/api/v1/thermometer/sessions/", {"code": code})
        token = json.loads(content)["session"]
        with CaptureQueriesContext(connection) as q2:
            s2, _ = call("/api/v1/thermometer/responses/", {
                "session": token, "answers": {k: 1 for k in ITEMS}, "gender": "boy"})
        for name, status, q in (("session start", s1, q1), ("submission", s2, q2)):
            print(f"== {name}: {status}, {len(q.captured_queries)} queries")
            for query in q.captured_queries:
                print(f"  {query['time']}s  {query['sql'][:300]}")
        return
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    statuses: dict[tuple[int, int], int] = {}
    for code in batch:
        key = student(code, rnd)
        statuses[key] = statuses.get(key, 0) + 1
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    if profiler:
        profiler.disable()
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    n = len(batch)
    print(f"{n} students (2 requests each): {1000 * cpu / n:.2f} ms CPU per student "
          f"({1000 * cpu / (2 * n):.2f} per request), {1000 * wall / n:.2f} ms wall; statuses {statuses}; "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
