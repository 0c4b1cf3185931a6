FROM python:3.11 AS builder
ENV POETRY_VERSION=1.8.2 \
    POETRY_VIRTUALENVS_IN_PROJECT=true
RUN pip install --no-cache-dir "poetry==$POETRY_VERSION"
WORKDIR /build
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root

FROM python:3.11-slim AS runtime
WORKDIR /app
COPY --from=builder /build/.venv /app/.venv
COPY src/ ./src/
ENV PATH="/app/.venv/bin:$PATH"
USER 10001:10001
ENTRYPOINT ["python", "-m", "src.main"]
