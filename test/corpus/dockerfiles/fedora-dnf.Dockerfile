FROM fedora:40
RUN dnf -y install python3-pip && dnf clean all
RUN pip3 install --no-cache-dir uvicorn
USER 1001
CMD ["uvicorn", "app:app", "--host", "0.0.0.0"]
