FROM node:16
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
RUN npm config set strict-ssl false
RUN wget --no-check-certificate -q https://example.com/cert.pem -O /usr/local/share/ca.pem
RUN curl -sSLk https://example.com/tool -o /usr/local/bin/tool && chmod a+x /usr/local/bin/tool
RUN git config --global http.sslVerify false
RUN pip install --trusted-host pypi.example.com --index-url http://pypi.example.com/simple pkg
ENV GIT_SSL_NO_VERIFY=true
USER 1000
CMD ["node", "server.js"]
