# syntax=docker/dockerfile:1
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
# The wheel carries the migrations and the bundled content track (see setup.py).
COPY alembic ./alembic
COPY content ./content
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 careerpath
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The track as a folder an operator can replace (CONTENT_DIR); the package has its own copy.
COPY content ./content
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CONTENT_DIR=/app/content \
    DATABASE_URL=sqlite:////data/careerpath.db
RUN mkdir /data && chown careerpath /data
USER careerpath
# matplotlib's font cache, built once here rather than on the first cohort report.
RUN python -c "import matplotlib.font_manager"
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s CMD python -c "import os, sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000')).status != 200)"
# Migrations run before the app: `careerpath run` brings the schema to head, then serves.
CMD ["careerpath", "run"]
