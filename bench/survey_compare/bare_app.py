"""The bare baseline: the least Django can do for one survey submission.

One file, no apps, no middleware, no ORM: parse the JSON body, check that all 42 answers
are whole numbers 0-5, INSERT one row (the answers as JSONB) and answer 201. This is the
floor the real submission (monitoring.submission through the API) is compared with in
the same minutes, on the same gunicorn settings and the same PostgreSQL
(bench/survey_compare/run.py). Its table lives in its own database (BARE_DATABASE_URL).

    BARE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pz_h16_bench_bare \
        gunicorn bench.survey_compare.bare_app:application
"""
from __future__ import annotations

import json
import os
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse

import django
from django.conf import settings

ITEMS = [
    item["key"]
    for section in json.loads(
        (Path(__file__).resolve().parents[2] / "monitoring/instrument/thermometer_v1.json").read_text())["sections"]
    for item in section["items"]
]

if not settings.configured:
    url = urlparse(os.environ.get("BARE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pz_h16_bench_bare"))
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bare-baseline-not-secret",  # noqa: S106 - a benchmark app without sessions or users  # pragma: allowlist secret
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
        DATABASES={"default": {
            "ENGINE": "django.db.backends.postgresql", "NAME": url.path.lstrip("/"), "USER": url.username or "",
            "HOST": url.hostname or "", "PORT": url.port or 5432, "CONN_MAX_AGE": 60,
        }},
    )
    django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402


def create_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bare_response (id uuid PRIMARY KEY, gender text NOT NULL, "
                       "answers jsonb NOT NULL)")


@csrf_exempt
def submit(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    try:
        body = json.loads(request.body)
        answers = body["answers"]
        cleaned = {k: int(answers[k]) for k in ITEMS}
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": "bad"}, status=400)
    if any(not 0 <= v <= 5 for v in cleaned.values()):
        return JsonResponse({"detail": "bad"}, status=400)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bare_response (id, gender, answers) VALUES (%s, %s, %s)",
                       [str(uuid.uuid4()), str(body.get("gender", ""))[:20], json.dumps(cleaned)])
    return JsonResponse({"detail": "ok"}, status=201)


urlpatterns = [path("submit/", submit)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

if __name__ == "__main__" and sys.argv[1:] == ["create-table"]:
    create_table()
