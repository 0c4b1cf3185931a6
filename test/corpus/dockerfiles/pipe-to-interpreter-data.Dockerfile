# Downloads piped into interpreters: as a script to run, and as data for an inline script.
FROM python:3.12-slim-bookworm
RUN pip install --no-cache-dir requests
RUN curl -fsSL https://install.python-poetry.org | python3 -
RUN curl -fsSL https://api.example.com/releases/latest | python3 -c 'import json,sys; print(json.load(sys.stdin)["tag_name"])' > /etc/release
RUN wget -qO- https://example.com/config.json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).v))'
RUN curl -fsSL https://example.com/hosts.txt | sh -c 'cat >> /etc/hosts.extra'
USER 65534
CMD ["python3", "-m", "app"]
