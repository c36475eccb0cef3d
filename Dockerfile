# syntax=docker/dockerfile:1
# Build: docker build -t teamclustersync .    (both architectures: docker buildx build --platform linux/amd64,linux/arm64 .)
# Run:   docker run --rm -v "$PWD/config:/config:ro" teamclustersync validate --repo /config
#        docker run -e SLACK_APP_TOKEN -e SLACK_BOT_TOKEN -e TEAMCLUSTERSYNC_GIT_TOKEN \
#          teamclustersync serve --repo https://github.com/ORG/cluster-config.git

# The SDK runs on the builder's own architecture and cross-compiles (ReadyToRun too) for the target's.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH=amd64
WORKDIR /src
# Restore first, from the project files only, so source edits do not invalidate the package layer.
COPY global.json .editorconfig Directory.Build.props Directory.Packages.props ./
COPY src/TeamClusterSync.Core/TeamClusterSync.Core.csproj src/TeamClusterSync.Core/
COPY src/TeamClusterSync.Config/TeamClusterSync.Config.csproj src/TeamClusterSync.Config/
COPY src/TeamClusterSync.App/TeamClusterSync.App.csproj src/TeamClusterSync.App/
COPY src/TeamClusterSync.Git/TeamClusterSync.Git.csproj src/TeamClusterSync.Git/
COPY src/TeamClusterSync.Slack/TeamClusterSync.Slack.csproj src/TeamClusterSync.Slack/
COPY src/TeamClusterSync.GitHub/TeamClusterSync.GitHub.csproj src/TeamClusterSync.GitHub/
COPY src/TeamClusterSync.Kubernetes/TeamClusterSync.Kubernetes.csproj src/TeamClusterSync.Kubernetes/
COPY src/TeamClusterSync.Providers/TeamClusterSync.Providers.csproj src/TeamClusterSync.Providers/
COPY src/TeamClusterSync.Cli/TeamClusterSync.Cli.csproj src/TeamClusterSync.Cli/
# With -r the project turns on ReadyToRun, so this restore also brings the crossgen pack.
RUN case "$TARGETARCH" in amd64) echo linux-x64 ;; arm64) echo linux-arm64 ;; *) echo "unsupported: $TARGETARCH" >&2; exit 1 ;; esac > /rid \
    && dotnet restore src/TeamClusterSync.Cli/TeamClusterSync.Cli.csproj -r "$(cat /rid)"
COPY src/ src/
COPY example-config/ example-config/
RUN dotnet publish src/TeamClusterSync.Cli/TeamClusterSync.Cli.csproj -c Release -r "$(cat /rid)" --self-contained false \
      --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# libgit2 (inside LibGit2Sharp) loads the system OpenSSL for https remotes; tzdata for IANA reprovision schedules;
# git fetches a new cache shallow (libgit2 cannot keep a shallow clone correct) and pushes to local remotes;
# fonts for the usage chart (SkiaSharp draws no text without them, silently).
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 ca-certificates tzdata git fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# OpenShift's restricted-v2 runs the image as an arbitrary UID whose group is 0, so everything the bot writes is
# owned by group 0 and group-writable; elsewhere it runs as 10001 (also in group 0). The shell (/bin/sh, bash) stays:
# command provider scripts run through it.
RUN useradd --system --uid 10001 --gid 0 --create-home --home-dir /home/teamclustersync teamclustersync \
    && mkdir -p /var/cache/teamclustersync /var/lib/teamclustersync \
    && chgrp -R 0 /home/teamclustersync /var/cache/teamclustersync /var/lib/teamclustersync \
    && chmod -R g=u /home/teamclustersync /var/cache/teamclustersync /var/lib/teamclustersync
COPY --from=build /app /app
USER 10001
WORKDIR /home/teamclustersync
# The cache (clones of the config repo) can be rebuilt from origin; the data (the event journal, the reply outbox,
# the handled event ids) is what a restart must find: mount a volume there.
ENV HOME=/home/teamclustersync \
    TEAMCLUSTERSYNC_CACHE=/var/cache/teamclustersync \
    TEAMCLUSTERSYNC_DATA=/var/lib/teamclustersync \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    PATH="/app:${PATH}"
VOLUME ["/var/lib/teamclustersync"]
EXPOSE 8080
ENTRYPOINT ["/app/teamclustersync"]
CMD ["help"]
