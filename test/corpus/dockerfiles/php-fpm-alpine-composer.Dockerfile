# PHP-FPM on Alpine with Composer copied from its image and extensions built in place.
FROM composer:2 AS vendor
WORKDIR /app
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts --prefer-dist --no-interaction

FROM php:8.3-fpm-alpine
RUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS icu-dev \
 && docker-php-ext-install intl opcache pdo_mysql \
 && apk del .build-deps \
 && apk add --no-cache icu-libs
COPY --from=vendor /app/vendor /var/www/html/vendor
COPY . /var/www/html
RUN chown -R www-data:www-data /var/www/html/storage
USER www-data
EXPOSE 9000
CMD ["php-fpm"]
