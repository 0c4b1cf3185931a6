# Wheels downloaded once into a wheelhouse, then installed offline from it.
FROM python:3.12-bookworm
COPY requirements.txt /tmp/requirements.txt
RUN pip install --upgrade pip wheel
RUN pip download --dest /wheelhouse -r /tmp/requirements.txt
RUN pip install --no-index --find-links /wheelhouse -r /tmp/requirements.txt && rm -rf /wheelhouse
RUN useradd -u 10001 app
USER 10001
CMD ["python", "-m", "service"]
