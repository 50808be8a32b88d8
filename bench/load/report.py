#!/usr/bin/env python
"""Print the load test's figures as a Markdown table: p50/p95/p99 per page, errors, machine, data."""
from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import subprocess
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True)
    parser.add_argument("--access-log", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--locust-log", required=True)
    args = parser.parse_args()
    rows = list(csv.DictReader(open(f"{args.csv}_stats.csv")))
    print("| page | requests | errors | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all requests**"
        print(f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
              f"{row['99%']} | {float(row['Max Response Time']):.0f} |")
    failures = Path(f"{args.csv}_failures.csv")
    if failures.exists():
        lines = list(csv.DictReader(open(failures)))
        for line in lines[:10]:
            print(f"failure: {line['Method']} {line['Name']}: {line['Error'][:160]} ×{line['Occurrences']}")
    # Server time per request (gunicorn's %(M)s: from reading the request to the response),
    # without the queueing in front of the workers that the client-side figures include.
    log = Path(args.access_log).read_text(errors="replace").splitlines()
    served: dict[str, list[int]] = {}
    statuses = []
    for line in log:
        m = re.search(r'"(\w+) (\S+) [^"]*" (\d{3}) \S+ (\d+)ms', line)
        if not m:
            continue
        method, path, status, ms = m.groups()
        path = re.sub(r"/bedankt/[^/]+/", "/bedankt/<token>/", re.sub(r"/\d+/", "/<id>/", path))
        served.setdefault(f"{method} {path}", []).append(int(ms))
        statuses.append(status)
    print("\n| server time (gunicorn) | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for key, times in sorted(served.items(), key=lambda kv: -len(kv[1])):
        times.sort()
        p50, p95, p99 = (times[min(len(times) - 1, int(len(times) * q))] for q in (0.5, 0.95, 0.99))
        print(f"| `{key}` | {len(times)} | {p50} | {p95} | {p99} |")
    busy = sum(sum(t) for t in served.values()) / 1000
    print(f"\naccess log: {len(statuses)} requests, {sum(s.startswith('5') for s in statuses)} with 5xx; "
          f"{busy:.0f} s of server time in all")
    for line in Path(args.locust_log).read_text(errors="replace").splitlines():
        if "students who sent" in line:
            print(line.split("] ")[-1].strip())
    db = args.database.rsplit("/", 1)
    counts = subprocess.run(
        ["psql", f"{db[0]}/{db[1]}", "-tAc",
         "SELECT (SELECT count(*) FROM people_student), (SELECT count(*) FROM people_user), "
         "(SELECT count(*) FROM incidents_case), (SELECT count(*) FROM incidents_signal), "
         "(SELECT count(*) FROM incidents_timelineentry), (SELECT count(*) FROM monitoring_response)"],
        capture_output=True, text=True).stdout.strip()
    print(f"rows after the run (students|users|cases|signals|timeline entries|survey responses): {counts}")
    mem = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs (nproc), {int(mem) / 1024 / 1024:.1f} GiB memory, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
