# .NET self-contained publish into an Ubuntu chiseled runtime-deps image.
FROM mcr.microsoft.com/dotnet/sdk:8.0-jammy AS build
ARG TARGETARCH
WORKDIR /source
COPY --link *.csproj .
RUN dotnet restore -a $TARGETARCH
COPY --link . .
RUN dotnet publish -a $TARGETARCH --no-restore --self-contained true -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled
WORKDIR /app
COPY --link --from=build /app .
EXPOSE 8080
ENTRYPOINT ["./worker"]
