# syntax=docker/dockerfile:1.7
# PostmortemSearch service: `pmsearch serve` (API + web UI) on a SQLite store under /data.
#   docker build -t pmsearch .
#   docker run -p 8080:8080 -e PMSEARCH_API_KEYS="oncall:reader:…;ci:importer:…;guild:admin+restricted:…" pmsearch --import /app/ingest-samples
# Without PMSEARCH_API_KEYS the service is open to everyone, so it listens on loopback only (unreachable from outside
# the container): set keys to publish it.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm brings Chart.js into the web UI during the build (see PostmortemSearch.Server.csproj).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/PostmortemSearch.Cli/PostmortemSearch.Cli.csproj -c Release -o /app

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
RUN ln -s /app/pmsearch /usr/local/bin/pmsearch \
 && mkdir -p /data && chown "$APP_UID" /data
ENV PMSEARCH_DB=/data/postmortems.db \
    DOTNET_NOLOGO=1
VOLUME /data
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["pmsearch-entrypoint"]
