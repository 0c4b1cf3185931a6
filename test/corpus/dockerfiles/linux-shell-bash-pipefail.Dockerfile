# bash with pipefail for every RUN; the health check and command are shell form too.
FROM python:3.12-slim-bookworm
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN pip install --no-cache-dir uvicorn fastapi
WORKDIR /app
COPY . .
RUN useradd -u 10001 app
USER 10001
HEALTHCHECK --interval=15s CMD /app/healthcheck --port 8000
CMD uvicorn main:app --host 0.0.0.0 --port 8000
