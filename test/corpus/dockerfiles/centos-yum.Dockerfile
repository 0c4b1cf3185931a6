FROM centos:7
RUN yum -y update && yum install -y httpd mod_ssl
RUN yum install epel-release --nogpgcheck
EXPOSE 80 443
CMD ["/usr/sbin/httpd", "-D", "FOREGROUND"]
