# Pestzaak: one image for the web server, the Celery worker and Celery beat
# (docker-compose.yml chooses the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    DJANGO_PRIVATE_MEDIA_ROOT=/data/private_media

# WeasyPrint's libraries and fonts (PDF export), gettext for the translations.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. The project itself
# installs no packages (pyproject.toml: packages = []); the code runs from /app.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Translations and static files are build output. The build-time key only lets the
# settings load; the real one comes from the environment at run time.
RUN if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
      DJANGO_SECRET_KEY=build-only python manage.py compilemessages -v0; \
    fi \
 && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput -v0

# Run as an unprivileged user; it may write only var/ (Celery beat's schedule) and the
# private media volume (evidence files).
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin pestzaak \
 && mkdir -p /app/var /data/private_media \
 && chown -R pestzaak:pestzaak /app/var /data/private_media
USER pestzaak

EXPOSE 8000
# -c: without it gunicorn's default access-log format (the full request line, query string
# included) applies, and config/gunicorn.conf.py's promise of no query strings is void.
CMD ["gunicorn", "config.wsgi", "-c", "config/gunicorn.conf.py"]
