FROM php:8.3-apache
RUN apt-get update \
 && apt-get install -y --no-install-recommends libzip-dev unzip \
 && docker-php-ext-install zip pdo_mysql \
 && rm -rf /var/lib/apt/lists/*
COPY --chown=www-data:www-data . /var/www/html/
RUN chmod -R 777 /var/www/html/storage
USER www-data
