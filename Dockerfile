# Production image: gunicorn + whitenoise for web; the same image runs the Celery worker and beat.

FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY bin/vendor.mjs bin/vendor.mjs
COPY assets/ assets/
RUN mkdir -p static && node bin/vendor.mjs

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=pcso.settings
WORKDIR /app
RUN useradd --system --create-home --uid 10001 pcso && mkdir -p /var/lib/beat && chown pcso /var/lib/beat
COPY pyproject.toml constraints.txt README.md ./
COPY pcso/ pcso/
COPY engagement/ engagement/
COPY patrols/ patrols/
COPY intelligence/ intelligence/
RUN pip install -c constraints.txt -e .
COPY manage.py ./
COPY templates/ templates/
COPY static/ static/
COPY --from=assets /src/static/vendor/ static/vendor/
RUN SECRET_KEY=collectstatic-only DEBUG=false python manage.py collectstatic --no-input -v 0
USER pcso
EXPOSE 8000
# Threads: a request waiting on the database holds one thread, never every officer's page; the
# database's own limits (pcso/settings.py) end any wait well before --timeout or a graceful restart.
CMD ["gunicorn", "pcso.wsgi", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "2", "--threads", "4", "--timeout", "60", "--graceful-timeout", "30", "--access-logfile", "-"]
