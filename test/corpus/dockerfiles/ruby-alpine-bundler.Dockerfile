# A Ruby app on Alpine: gems built with a throwaway toolchain, a non-root app user.
FROM ruby:3.3-alpine
RUN apk add --no-cache libpq tzdata
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN apk add --virtual .gem-build build-base postgresql-dev \
 && bundle config set --local without 'development test' \
 && bundle install --jobs 4 \
 && apk del .gem-build
COPY . .
RUN addgroup -g 1000 app && adduser -D -u 1000 -G app app && chown -R app:app /app
USER 1000:1000
EXPOSE 3000
CMD ["bundle", "exec", "puma", "-C", "config/puma.rb"]
