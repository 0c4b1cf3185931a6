FROM alpine
ENTRYPOINT ['/bin/app']
CMD []
CMD [ "serve" , "--port" , "8080" ]
EXPOSE 22 8080
EXPOSE 22
WORKDIR ./data
USER 0
