# A conda environment image for a data job.
FROM condaforge/miniforge3:24.3.0-0
COPY environment.yml /tmp/environment.yml
RUN conda env create -f /tmp/environment.yml && conda clean -afy
SHELL ["conda", "run", "-n", "job", "/bin/bash", "-c"]
RUN pip install --no-deps ./vendor/plugin
COPY job /opt/job
ENTRYPOINT ["conda", "run", "--no-capture-output", "-n", "job", "python", "/opt/job/run.py"]
