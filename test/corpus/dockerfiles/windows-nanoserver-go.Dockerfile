# A Go service cross-compiled on Linux and run on Nano Server.
FROM --platform=linux/amd64 golang:1.22 AS build
WORKDIR /src
COPY . .
RUN GOOS=windows GOARCH=amd64 go build -o /out/agent.exe ./cmd/agent

FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY --from=build /out/agent.exe C:/agent/agent.exe
USER ContainerUser
WORKDIR C:/agent
CMD agent.exe --config C:/agent/config.yaml
