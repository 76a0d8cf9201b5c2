# The Jiaxing report bot in a container, as a city's operator runs it.
#
#   docker build -t jiaxing-reportbot .
#   docker run -d --env-file .env -v reportbot-data:/data jiaxing-reportbot
#   docker run --rm jiaxing-reportbot reportbot ask "GDP growth"
#
# State (SQLite files) lives in the /data volume (REPORTBOT_DATA_DIR). To serve another copy
# of the knowledge base without rebuilding, mount it read-only and point the bot at it:
#   -v /srv/knowledge:/knowledge:ro -e REPORTBOT_KNOWLEDGE_DIR=/knowledge
# (check it first: the same command line with `reportbot check`).
# The health check asks http://127.0.0.1:9090/healthz (METRICS_PORT, served in polling mode);
# in webhook mode set HEALTHCHECK_URL=http://127.0.0.1:8443/healthz (the webhook port).

# A mirror of the official image may be given with --build-arg PYTHON_IMAGE=...
ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------- builder: the wheel
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN python -m pip wheel --no-deps --wheel-dir /wheels .

# ---------------------------------------------------------------- the bot
FROM ${PYTHON_IMAGE}
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PYTHONUNBUFFERED=1 \
    REPORTBOT_DATA_DIR=/data \
    REPORTBOT_CACHE_DIR=/app/cache \
    METRICS_PORT=9090 \
    METRICS_LISTEN=0.0.0.0 \
    HEALTHCHECK_URL=http://127.0.0.1:9090/healthz

COPY --from=builder /wheels/ /tmp/wheels/
RUN set -eu; \
    wheel="$(ls /tmp/wheels/*.whl)"; \
    python -m pip install "${wheel}[telegram]"; \
    rm -rf /tmp/wheels; \
    useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin reportbot; \
    mkdir -p /app/cache /data; \
    chown -R reportbot:reportbot /app /data

USER reportbot
WORKDIR /app
# Warm the cache: the built engine and the Chinese catalog, so the first start is fast.
RUN reportbot ask "GDP growth" > /dev/null && reportbot ask --lang zh "GDP growth" > /dev/null

VOLUME ["/data"]
EXPOSE 8443 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ.get('HEALTHCHECK_URL') or 'http://127.0.0.1:9090/healthz', timeout=4)"]
CMD ["reportbot", "telegram"]
