# A PowerShell automation image on Linux: pwsh runs every shell-form command.
FROM mcr.microsoft.com/powershell:lts-debian-12
SHELL ["pwsh", "-NoLogo", "-NoProfile", "-Command"]
RUN Install-Module -Name PSScriptAnalyzer -Scope AllUsers -Force
COPY scripts/ /opt/automation/
RUN useradd --uid 10001 --create-home automation
USER 10001
HEALTHCHECK --interval=1m CMD Test-Path /tmp/healthy
CMD ["pwsh", "-File", "/opt/automation/Start-Worker.ps1"]
