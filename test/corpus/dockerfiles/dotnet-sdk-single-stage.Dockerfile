# A quick .NET image that runs from the SDK without publishing.
FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src
COPY . .
RUN dotnet restore
EXPOSE 5000
ENV ASPNETCORE_URLS=http://+:5000
CMD dotnet run --no-restore --urls $ASPNETCORE_URLS
