# A Django app on Ubuntu with the distribution's pip and uwsgi.
FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y python3 python3-pip python3-dev libpq-dev build-essential
WORKDIR /code
COPY requirements.txt /code/
RUN pip3 install -r requirements.txt uwsgi
COPY . /code/
RUN python3 manage.py collectstatic --noinput
RUN chmod -R 755 /code/static
EXPOSE 8000
CMD uwsgi --http :8000 --module mysite.wsgi --master --processes 4
