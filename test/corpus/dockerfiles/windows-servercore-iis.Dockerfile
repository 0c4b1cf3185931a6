# escape=`
# An ASP.NET site on IIS, with features enabled through PowerShell.
FROM mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Install-WindowsFeature Web-Asp-Net45; `
    Remove-Website -Name 'Default Web Site'; `
    New-Website -Name 'shop' -Port 80 -PhysicalPath 'C:\shop'
COPY publish/ C:/shop/
ADD https://example.com/tools/ServiceMonitor.exe C:/ServiceMonitor.exe
EXPOSE 80
ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]
