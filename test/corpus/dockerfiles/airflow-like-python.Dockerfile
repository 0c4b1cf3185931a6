# A workflow scheduler on Python slim with constraints, an OS user of a high-ish fixed uid.
FROM python:3.11-slim-bookworm
ARG AIRFLOW_VERSION=2.9.3
ARG AIRFLOW_UID=50000
ENV AIRFLOW_HOME=/opt/airflow
RUN apt-get update \
 && apt-get install -y --no-install-recommends freetds-bin krb5-user ldap-utils libsasl2-2 libsasl2-modules libssl3 locales lsb-release sasl2-bin sqlite3 unixodbc \
 && apt-get autoremove -yqq --purge \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
RUN useradd -u ${AIRFLOW_UID} -g 0 --home-dir ${AIRFLOW_HOME} --create-home airflow
USER airflow
RUN pip install --user "apache-airflow==${AIRFLOW_VERSION}" \
    --constraint "https://raw.githubusercontent.com/apache/airflow/constraints-${AIRFLOW_VERSION}/constraints-3.11.txt"
ENV PATH=${AIRFLOW_HOME}/.local/bin:$PATH
WORKDIR ${AIRFLOW_HOME}
EXPOSE 8080
ENTRYPOINT ["airflow"]
CMD ["webserver"]
