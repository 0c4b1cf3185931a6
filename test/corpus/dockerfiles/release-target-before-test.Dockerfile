# The release image is built with --target app; the last stage runs the tests on top of it.
FROM python:3.12-slim AS app
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD gunicorn -b 0.0.0.0:8000 app:app

FROM app AS test
COPY requirements-dev.txt .
RUN pip install -r requirements-dev.txt
RUN pytest -q
