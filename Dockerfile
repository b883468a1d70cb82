# syntax=docker/dockerfile:1.7
# PostmortemSearch service: `pmsearch serve` (API + web UI) on a SQLite store in the volume /data.
#   docker build -t pmsearch .
#   docker volume create pmsearch-data
#   docker run -d --name pmsearch -p 8080:8080 -v pmsearch-data:/data \
#     -e PMSEARCH_API_KEYS="oncall:reader:$(openssl rand -hex 24);ci:importer:$(openssl rand -hex 24);guild:admin+restricted:$(openssl rand -hex 24)" \
#     pmsearch --import /app/ingest-samples
# Without PMSEARCH_API_KEYS the service is open to everyone, so it listens on loopback only (unreachable from outside
# the container, though the health check still answers): set keys to publish it. README "Docker" has the details.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm brings Chart.js into the web UI during the build (see PostmortemSearch.Server.csproj).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# 1. Restore in its own layers, from the project files alone: a code change reuses them instead of downloading
#    every NuGet and npm package again.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt ./
COPY src/PostmortemSearch.Core/PostmortemSearch.Core.csproj src/PostmortemSearch.Core/
COPY src/PostmortemSearch.Importers/PostmortemSearch.Importers.csproj src/PostmortemSearch.Importers/
COPY src/PostmortemSearch.Server/PostmortemSearch.Server.csproj src/PostmortemSearch.Server/
COPY src/PostmortemSearch.Cli/PostmortemSearch.Cli.csproj src/PostmortemSearch.Cli/
RUN dotnet restore src/PostmortemSearch.Cli/PostmortemSearch.Cli.csproj
COPY src/PostmortemSearch.Server/package.json src/PostmortemSearch.Server/package-lock.json src/PostmortemSearch.Server/
RUN cd src/PostmortemSearch.Server \
 && npm ci --no-audit --no-fund \
 && mkdir -p wwwroot/lib \
 && cp node_modules/chart.js/dist/chart.umd.min.js wwwroot/lib/chart.umd.js

# 2. The code (bin/obj/node_modules/wwwroot/lib are in .dockerignore, so the restored state above is kept).
COPY . .
RUN dotnet publish src/PostmortemSearch.Cli/PostmortemSearch.Cli.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY ingest-samples ./ingest-samples
COPY --chmod=755 <<'SCRIPT' /usr/local/bin/pmsearch-entrypoint
#!/bin/sh
# Listen on every interface only when API keys protect the service; otherwise stay on loopback.
set -eu
if [ -n "${PMSEARCH_API_KEYS:-}" ]; then
  urls="http://0.0.0.0:${PORT:-8080}"
else
  urls="http://127.0.0.1:${PORT:-8080}"
  echo "PMSEARCH_API_KEYS is not set: listening on loopback only (set it to publish the service)" >&2
fi
exec pmsearch serve --urls "$urls" "$@"
SCRIPT
# GET /health from inside the container (127.0.0.1 answers whether the service is bound to loopback or 0.0.0.0);
# the runtime image has no curl, so bash's /dev/tcp sends the request. /health needs no key.
COPY --chmod=755 <<'SCRIPT' /usr/local/bin/pmsearch-healthcheck
#!/bin/bash
set -eu
exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}"
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
head -n 1 <&3 | grep -q ' 200 '
SCRIPT
RUN ln -s /app/pmsearch /usr/local/bin/pmsearch \
 && mkdir -p /data && chown "$APP_UID" /data
ENV PMSEARCH_DB=/data/postmortems.db \
    DOTNET_NOLOGO=1
VOLUME /data
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD ["pmsearch-healthcheck"]
ENTRYPOINT ["pmsearch-entrypoint"]
