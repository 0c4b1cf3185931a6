# escape=`
# A Windows service image where PowerShell runs every shell-form command.
FROM mcr.microsoft.com/dotnet/framework/runtime:4.8-windowsservercore-ltsc2022
SHELL ["powershell", "-NoProfile", "-Command"]
WORKDIR C:\service
COPY bin/Release/ .
HEALTHCHECK --interval=30s CMD C:\service\probe.exe --port 8080
CMD C:\service\Service.exe
