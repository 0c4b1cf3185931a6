# SUSE BCI Python with zypper, cleaned the thorough way.
FROM registry.suse.com/bci/python:3.12
RUN zypper --non-interactive install --no-recommends libpq5 \
 && zypper clean --all
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd -u 1000 -m app
USER 1000
CMD ["python3", "-m", "app"]
