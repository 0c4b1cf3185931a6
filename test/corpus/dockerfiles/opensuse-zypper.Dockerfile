FROM opensuse/leap:15.5
RUN zypper refresh && zypper install -y python311 && zypper clean --all
RUN zypper in nginx
CMD ["nginx", "-g", "daemon off;"]
