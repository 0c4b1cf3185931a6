# ASP.NET on Alpine with the ICU libraries for globalization.
FROM mcr.microsoft.com/dotnet/sdk:8.0-alpine AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false
RUN apk add --no-cache icu-data-full icu-libs tzdata
WORKDIR /app
COPY --from=build /app .
USER app
ENTRYPOINT ["dotnet", "Shop.Api.dll"]
