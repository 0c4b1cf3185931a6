# nginx with templated configuration: the image's entrypoint renders templates only for `nginx` commands.
FROM nginx:1.27-bookworm
COPY templates/ /etc/nginx/templates/
COPY dist/ /usr/share/nginx/html/
ENV NGINX_PORT=8080
EXPOSE 8080
CMD nginx -g 'daemon off;'
