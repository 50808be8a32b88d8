#!/usr/bin/env python
"""After the rush: count responses, used codes and respondents; read locust's CSV; print a summary."""
from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Sum  # noqa: E402
from django.utils import timezone  # noqa: E402

from monitoring.models import AccessCode, RespondentCount, Response, ResultCount, SurveyRound  # noqa: E402
from monitoring.release import results_release  # noqa: E402
from people.models import Organisation  # noqa: E402
from people.tenancy import tenant_context  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True, help="locust --csv prefix")
    parser.add_argument("--expected", type=int, default=2000)
    parser.add_argument("--seconds", type=float, required=True, help="wall time of the locust run")
    args = parser.parse_args()
    org = Organisation.objects.get(slug="survey-rush")
    # Responses are counted only when the closed round is released (monitoring.release):
    # close the round now and release it, as beat would.
    with tenant_context(org):
        SurveyRound.objects.update(closes_at=timezone.now())
    with tenant_context(org):
        results_release(org.pk)
    with tenant_context(org):
        responses = Response.objects.count()
        used = AccessCode.objects.filter(used=True).count()
        unused = AccessCode.objects.filter(used=False).count()
        respondents = RespondentCount.objects.aggregate(n=Sum("n"))["n"] or 0
        per_item = set(ResultCount.objects.values("item_key").annotate(n=Sum("n")).values_list("n", flat=True))
    stats = {row["Name"]: row for row in csv.DictReader(open(f"{args.csv}_stats.csv"))}
    submit = stats["submit"]
    replay = stats.get("replay (expect 409)")
    ok = int(submit["Request Count"]) - int(submit["Failure Count"])
    print(f"responses stored      {responses}")
    print(f"codes used / unused   {used} / {unused}")
    print(f"respondents counted   {respondents}; per-item counts {sorted(per_item)}")
    print(f"submissions 201       {ok} of {submit['Request Count']} (failures {submit['Failure Count']})")
    if replay:
        print(f"replays 409           {int(replay['Request Count']) - int(replay['Failure Count'])} of {replay['Request Count']}")
    print(f"wall time             {args.seconds:.1f} s")
    print(f"sustained             {responses / args.seconds:.1f} submissions/s (stored responses / wall time)")
    print(f"latency submit ms     p50 {submit['50%']}  p95 {submit['95%']}  p99 {submit['99%']}  max {submit['Max Response Time']}")
    # Locust's own count can miss the last few requests at shutdown; the database is the truth.
    good = (responses == used == respondents == args.expected and unused == 0 and per_item == {args.expected}
            and int(submit["Failure Count"]) == 0 and (not replay or int(replay["Failure Count"]) == 0))
    print("RESULT: zero lost, zero duplicated" if good else "RESULT: MISMATCH")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
