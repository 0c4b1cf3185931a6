import { describeRule } from '../ruleCases';

describeRule('HX006', {
  flags: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nUSER 1\n',
    'FROM ubuntu:24.04\nRUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get install -y python3.13\n',
    // A removal before the update removes nothing the update then downloads.
    'FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n',
  ],
  passes: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
    'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /usr/bin/gcc /gcc\n',
    // apt 2.7+ (Debian trixie) removes the lists itself.
    'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y curl && apt-get dist-clean\n',
    'FROM ubuntu:24.04\nRUN add-apt-repository -n -y ppa:x/y\n',
  ],
  fixes: [
    {
      before: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      after: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      safe: true,
    },
    {
      before: 'FROM debian:12\r\nRUN apt-get update \\\r\n # the tools\r\n && apt-get install -y \\\r\n      curl \\\r\n      git\r\nUSER 1\r\n',
      after: 'FROM debian:12\r\nRUN apt-get update \\\r\n # the tools\r\n && apt-get install -y \\\r\n      curl \\\r\n      git && rm -rf /var/lib/apt/lists/*\r\nUSER 1\r\n',
      safe: true,
    },
    // A later RUN installs without `apt-get update`: without the lists it fails ("Unable to locate package").
    {
      before: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n',
      after: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y git\n',
      safe: false,
    },
    // … or a stage built FROM this one does.
    {
      before: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base AS release\nRUN apt-get install -y git\n',
      after: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nFROM base AS release\nRUN apt-get install -y git\n',
      safe: false,
    },
    // A later RUN that updates first is fine.
    {
      before: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
      after: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
      safe: true,
    },
  ],
  noFix: ['FROM debian:12\nRUN apt-get update && apt-get install -y curl # tools\n', 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n'],
});

describeRule('HX007', {
  flags: ['FROM debian:12\nRUN apt-get install -y curl\n', 'FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive apt-get -y install curl\n'],
  passes: [
    'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n',
    'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n',
    'FROM debian:12\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl\n',
    'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM scratch\n',
  ],
  fixes: [
    // It changes which packages are installed: review.
    { before: 'FROM debian:12\nRUN apt-get install -y curl\n', after: 'FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n', safe: false },
  ],
});

describeRule('HX008', {
  flags: [
    'FROM debian:12\nRUN apt-get install curl\n',
    'FROM fedora:40\nRUN dnf install httpd\n',
    'FROM opensuse/leap\nRUN zypper install curl\n',
    'FROM debian:12 AS build\nRUN apt-get install gcc\nFROM scratch\n',
  ],
  passes: [
    'FROM debian:12\nRUN apt-get install -y curl\n',
    'FROM debian:12\nRUN apt-get -qq install curl\n',
    'FROM debian:12\nRUN apt-get install --yes curl\n',
    'FROM fedora:40\nRUN dnf -y install httpd\n',
    'FROM opensuse/leap\nRUN zypper -n install curl\n',
    'FROM debian:12\nRUN apt-get update\n',
    'FROM debian:12\nRUN echo \'APT::Get::Assume-Yes "true";\' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n',
    'FROM debian:12\nRUN yes | apt-get install curl\n',
  ],
  fixes: [
    { before: 'FROM debian:12\nRUN apt-get install curl\n', after: 'FROM debian:12\nRUN apt-get -y install curl\n', safe: true },
    { before: 'FROM opensuse/leap\nRUN zypper install curl\n', after: 'FROM opensuse/leap\nRUN zypper -n install curl\n', safe: true },
  ],
});

describeRule('HX009', {
  flags: [
    'FROM alpine\nRUN apk add curl\n',
    'FROM alpine\nRUN apk update && apk add --virtual .deps gcc\n',
    // Naming the cache directory keeps the cache.
    'FROM alpine\nRUN apk add --cache-dir /var/cache/apk curl\n',
  ],
  passes: [
    'FROM alpine\nRUN apk add --no-cache curl\n',
    // Installs from what is there already, downloads no index.
    'FROM alpine\nRUN apk add --no-network /tmp/pkgs/*.apk\n',
    'FROM alpine\nRUN apk add gcc && make && apk del gcc && rm -rf /var/cache/apk/*\n',
    'FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n',
    'FROM alpine AS build\nRUN apk add gcc\nFROM scratch\n',
  ],
  fixes: [
    { before: 'FROM alpine\nRUN apk add curl\n', after: 'FROM alpine\nRUN apk add --no-cache curl\n', safe: true },
    {
      before: 'FROM alpine\nRUN apk add -U curl\nRUN apk add --no-network git\n',
      after: 'FROM alpine\nRUN apk add --no-cache -U curl\nRUN apk add --no-network git\n',
      safe: false,
    },
  ],
});

describeRule('HX010', {
  flags: ['FROM python:3.12\nRUN pip install flask\n', 'FROM python:3.12\nRUN python3 -m pip install -r requirements.txt\n', 'FROM python:3.12\nRUN pip3.12 install flask\n'],
  passes: [
    'FROM python:3.12\nRUN pip install --no-cache-dir flask\n',
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n',
    'FROM python:3.12 AS build\nRUN pip install flask\nFROM scratch\n',
    'FROM python:3.12\nRUN pip freeze\n',
    'FROM python:3.12\nRUN pip install --no-index --find-links /wheels app\n',
  ],
  fixes: [
    { before: 'FROM python:3.12\nRUN python -m pip install flask\n', after: 'FROM python:3.12\nRUN python -m pip install --no-cache-dir flask\n', safe: true },
  ],
});

describeRule('HX011', {
  flags: ['FROM rockylinux:9\nRUN yum install -y httpd\n', 'FROM fedora:40\nRUN dnf -y install httpd\n', 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y tar\n'],
  passes: [
    'FROM rockylinux:9\nRUN yum install -y httpd && yum clean all\n',
    'FROM fedora:40\nRUN dnf -y install httpd && rm -rf /var/cache/dnf\n',
    'FROM fedora:40 AS build\nRUN dnf -y install gcc\nFROM scratch\n',
  ],
  fixes: [
    { before: 'FROM rockylinux:9\nRUN yum install -y httpd\n', after: 'FROM rockylinux:9\nRUN yum install -y httpd && yum clean all\n', safe: true },
    { before: 'FROM opensuse/leap\nRUN zypper -n install curl\n', after: 'FROM opensuse/leap\nRUN zypper -n install curl && zypper clean -a\n', safe: true },
    // A later `dnf -C` installs from the metadata the cleaning removes.
    {
      before: 'FROM fedora:40\nRUN dnf -y install httpd\nRUN dnf -C -y install mod_ssl\n',
      after: 'FROM fedora:40\nRUN dnf -y install httpd && dnf clean all\nRUN dnf -C -y install mod_ssl\n',
      safe: false,
    },
  ],
});

describeRule('HX021', {
  flags: ['FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n', 'FROM rockylinux:9\nRUN yum update -y\n', 'FROM alpine\nRUN apk upgrade --no-cache\n'],
  passes: ['FROM rockylinux:9\nRUN yum update -y openssl\n', 'FROM debian:12\nRUN apt-get update\n', 'FROM debian:12 AS build\nRUN apt-get upgrade -y\nFROM scratch\n'],
  noFix: ['FROM debian:12\nRUN apt-get dist-upgrade -y\n'],
});

describeRule('HX025', {
  flags: ['FROM debian:12\nRUN useradd -u 1000001 app\n', 'FROM debian:12\nRUN useradd --uid=123456 app\n', 'FROM debian:12\nARG UID=2000000\nRUN useradd -u ${UID} app\n'],
  passes: [
    'FROM debian:12\nRUN useradd -l -u 1000001 app\n',
    'FROM debian:12\nRUN useradd --no-log-init -u 1000001 app\n',
    'FROM debian:12\nRUN useradd app\n',
    // Ordinary uids make a lastlog of a few megabytes at most.
    'FROM debian:12\nRUN useradd -u 101 app\n',
    'FROM debian:12\nRUN useradd -u 10001 app\n',
    'FROM debian:12\nRUN useradd -u $UNKNOWN app\n',
  ],
  fixes: [{ before: 'FROM debian:12\nRUN useradd -r -u 200000 app\n', after: 'FROM debian:12\nRUN useradd -l -r -u 200000 app\n', safe: true }],
});

describeRule('HX026', {
  flags: ['FROM debian:12\nRUN apt install -y curl\n', 'FROM debian:12 AS build\nRUN apt update\nFROM scratch\n'],
  passes: ['FROM debian:12\nRUN apt-get install -y curl\n', 'FROM debian:12\nRUN echo apt\n'],
  fixes: [
    { before: 'FROM debian:12\nRUN sudo apt install -y curl\n', after: 'FROM debian:12\nRUN sudo apt-get install -y curl\n', safe: true },
    // `apt upgrade` installs new dependencies, `apt-get upgrade` holds those upgrades back.
    { before: 'FROM debian:12\nRUN apt upgrade -y\n', after: 'FROM debian:12\nRUN apt-get upgrade -y\n', safe: false },
  ],
  // apt-get has no `list`: renaming the program would break the RUN.
  noFix: ['FROM debian:12\nRUN apt list --installed > /packages.txt\n'],
});
