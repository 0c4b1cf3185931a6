# A queue worker with health checks written as CMD-SHELL arrays.
FROM python:3.12-alpine
RUN adduser -D -u 10001 worker
COPY --chown=worker . /home/worker/app
WORKDIR /home/worker/app
RUN pip install --no-cache-dir -r requirements.txt
USER worker
HEALTHCHECK --interval=20s CMD ["CMD-SHELL", "celery -A tasks inspect ping -d celery@$HOSTNAME || exit 1"]
CMD ["celery", "-A", "tasks", "worker", "--loglevel=INFO"]
