# Amazon Linux 2023 with dnf, cleaned in the same RUN.
FROM public.ecr.aws/amazonlinux/amazonlinux:2023
RUN dnf install -y python3.11 python3.11-pip shadow-utils \
 && dnf clean all \
 && rm -rf /var/cache/dnf
RUN python3.11 -m pip install --no-cache-dir boto3
RUN useradd -u 1000 worker
USER worker
CMD ["python3.11", "-m", "worker"]
