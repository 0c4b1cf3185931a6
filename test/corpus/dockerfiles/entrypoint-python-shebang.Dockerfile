# A Python service whose extension-less launcher is a Python script (its shebang says so).
FROM python:3.12-slim-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY docker/entrypoint /usr/local/bin/entrypoint
RUN useradd --uid 10001 --create-home app
USER 10001
ENTRYPOINT ["entrypoint"]
CMD ["serve"]
