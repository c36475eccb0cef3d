# syntax=docker/dockerfile:1
# Build: docker build -t teamclustersync .
# Run:   docker run --rm -v "$PWD/config:/config:ro" teamclustersync validate --repo /config
#        docker run -e SLACK_APP_TOKEN -e SLACK_BOT_TOKEN -e TEAMCLUSTERSYNC_GIT_TOKEN \
#          teamclustersync serve --repo https://github.com/ORG/cluster-config.git

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
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
RUN dotnet restore src/TeamClusterSync.Cli/TeamClusterSync.Cli.csproj -r linux-x64
COPY src/ src/
COPY example-config/ example-config/
RUN dotnet publish src/TeamClusterSync.Cli/TeamClusterSync.Cli.csproj -c Release -r linux-x64 --self-contained false \
      --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# libgit2 (inside LibGit2Sharp) loads the system OpenSSL for https remotes; tzdata for IANA reprovision schedules;
# git fetches a new cache shallow (libgit2 cannot keep a shallow clone correct) and pushes to local remotes;
# fonts for the usage chart (SkiaSharp draws no text without them, silently).
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 ca-certificates tzdata git fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /home/teamclustersync teamclustersync
COPY --from=build /app /app
USER 10001
WORKDIR /home/teamclustersync
# The git cache (clones of the config repo) lives here; mount a volume to keep it across restarts.
ENV TEAMCLUSTERSYNC_CACHE=/home/teamclustersync/cache \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    PATH="/app:${PATH}"
VOLUME ["/home/teamclustersync/cache"]
EXPOSE 8080
ENTRYPOINT ["/app/teamclustersync"]
CMD ["help"]
