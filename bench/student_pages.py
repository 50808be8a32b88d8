#!/usr/bin/env python
"""CPU and queries of each page of the student's survey (HTML), beside a bare "hello" view.

A student fills the thermometer in as on a phone: the code page, the code sent, "about
you", each part of the questions (shown, then sent), the thank-you page — with the CSRF
check on, the session cookie, production settings (config.settings, DEBUG off). Each
request is timed with ``time.process_time`` (this process: Django and the templates;
PostgreSQL's own CPU is not in it) and followed by a request to a bare view in the same
process (the framework's floor, with the same middleware). Uses its own database
(DATABASE_URL must name a database containing "bench": it is dropped, migrated and seeded
with bench/survey_rush/seed.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pz_e_bench_student python bench/student_pages.py
    DATABASE_URL=... python bench/student_pages.py --students 30 --queries      # the SQL of one student
    DATABASE_URL=... python bench/student_pages.py --profile                    # cProfile of 10 students

Results are recorded in bench/README.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "student-pages-bench-key-not-for-production")  # pragma: allowlist secret
os.environ.setdefault("DJANGO_DEBUG", "False")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("LOG_LEVEL", "WARNING")
URL = os.environ.get("DATABASE_URL", "")
if "bench" not in URL:
    sys.exit("Set DATABASE_URL to a database of your own whose name contains 'bench' (it is dropped and seeded).")


def prepare(students: int) -> list[str]:
    db = urlparse(URL).path.lstrip("/")
    server = URL.rsplit("/", 1)[0]
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {db}", "-c", f"CREATE DATABASE {db}"],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    codes = ROOT / "var/bench/student_pages_codes.txt"
    codes.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "bench/survey_rush/seed.py", "--students", str(students), "--codes", str(codes)],
                   cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["psql", URL, "-qc", "ANALYZE"], check=True, capture_output=True)
    return codes.read_text().split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    codes = prepare(args.students + 5)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import path

    import config.urls
    from monitoring.instrument import load_instrument

    instrument = load_instrument()
    urlconf = type("U", (), {"urlpatterns": [path("__hello__", lambda request: HttpResponse("hello")),
                                             *config.urls.urlpatterns]})
    cpu: dict[str, list[float]] = {}
    floor: list[float] = []
    queries: dict[str, int] = {}
    rnd = random.Random(3)
    https = {"secure": True, "HTTP_X_FORWARDED_PROTO": "https", "HTTP_ORIGIN": "https://testserver",
             "HTTP_REFERER": "https://testserver/thermometer/"}

    def timed(client: Client, name: str, method: str, url: str, data=None, expect=(200,), capture=False):
        c0 = time.process_time()
        if capture:
            with CaptureQueriesContext(connection) as captured:
                response = getattr(client, method)(url, data, **https) if data is not None else getattr(client, method)(url, **https)
            queries[name] = len(captured.captured_queries)
            if args.queries:
                print(f"== {name} {method.upper()} {url}: {len(captured.captured_queries)} queries")
                for q in captured.captured_queries:
                    print(f"   {q['sql'][:220]}")
        else:
            response = getattr(client, method)(url, data, **https) if data is not None else getattr(client, method)(url, **https)
        spent = (time.process_time() - c0) * 1000
        assert response.status_code in expect, (name, url, response.status_code)
        cpu.setdefault(name, []).append(spent)
        c0 = time.process_time()
        client.get("/__hello__", **https)
        floor.append((time.process_time() - c0) * 1000)
        return response

    def student(code: str, capture: bool) -> None:
        client = Client(enforce_csrf_checks=True)
        timed(client, "code page", "get", "/thermometer/", capture=capture)
        token = client.cookies["csrftoken"].value
        form = {"csrfmiddlewaretoken": token}
        r = timed(client, "send code", "post", "/thermometer/", {**form, "code": code}, expect=(303,), capture=capture)
        timed(client, "about you", "get", r["Location"], capture=capture)
        r = timed(client, "send about you", "post", "/thermometer/over-jou/", {**form, "gender": rnd.choice(["boy", "girl"])},
                  expect=(303,), capture=capture)
        for section in instrument.sections:
            url = f"/thermometer/vragen/{section.number}/"
            timed(client, "part", "get", url, capture=capture)
            answers = {item.key: str(rnd.randint(0, 5)) for item in section.items}
            r = timed(client, "send part" if section.number < len(instrument.sections) else "send survey", "post", url,
                      {**form, **answers}, expect=(303,), capture=capture)
        timed(client, "thanks", "get", r["Location"], capture=capture)

    # Static URLs without a collectstatic manifest here (production looks them up in one dict).
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(ROOT_URLCONF=urlconf, STORAGES=storages):
        for code in codes[:3]:  # warm up: imports, templates, the connection
            student(code, capture=False)
        cpu.clear()
        floor.clear()
        student(codes[3], capture=True)
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        for code in codes[4:4 + args.students]:
            student(code, capture=False)
        if profiler:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"Django {django.get_version()}, PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 100}; "
          f"{args.students} students, {len(instrument.sections)} parts; load average {os.getloadavg()[0]:.1f}")
    print(f"{'page':<16} {'requests':>8} {'queries':>7} {'CPU p50':>8} {'CPU p90':>8} {'CPU mean':>8}")
    for name, values in cpu.items():
        values.sort()
        print(f"{name:<16} {len(values):>8} {queries.get(name, 0):>7} {statistics.median(values):>8.1f} "
              f"{values[int(len(values) * 0.9)]:>8.1f} {statistics.mean(values):>8.1f}")
    print(f"{'floor: hello':<16} {len(floor):>8} {'':>7} {statistics.median(floor):>8.1f} "
          f"{sorted(floor)[int(len(floor) * 0.9)]:>8.1f} {statistics.mean(floor):>8.1f}")
    pages = [v for values in cpu.values() for v in values]
    print(f"all student requests: CPU mean {statistics.mean(pages):.1f} ms (target <= 15 ms per page)")


if __name__ == "__main__":
    main()
