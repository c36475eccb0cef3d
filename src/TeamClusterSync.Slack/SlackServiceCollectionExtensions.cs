using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Home;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Chat;
using TeamClusterSync.Slack.Home;
using TeamClusterSync.Slack.Http;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.Outbox;
using TeamClusterSync.Slack.SocketMode;
using TeamClusterSync.Slack.UserGroups;
using TeamClusterSync.Slack.Users;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack;

/// <summary>What the Slack adapter needs: the Web API, the bot token, and how Slack reaches the bot (Socket Mode and/or HTTP).</summary>
/// <param name="AppToken">An <c>xapp-</c> token: Socket Mode.</param>
/// <param name="SigningSecret">HTTP events at <c>/slack/events</c>, <c>/slack/commands</c>, <c>/slack/interactive</c>.</param>
public sealed record SlackSettings(Uri ApiBase, string BotToken, string? AppToken, string? SigningSecret)
{
    public SlackClientOptions? ClientOptions { get; init; }

    /// <summary>Socket Mode's pacing and liveness checks; null: the defaults (tests shrink them).</summary>
    public SocketModeOptions? SocketMode { get; init; }

    /// <summary>
    /// How often the Home tabs and status messages are brought up to the state in git, for the changes another replica
    /// made (see <see cref="HomeService.FollowAsync"/>); null: never.
    /// </summary>
    public TimeSpan? FollowPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the adapter keeps what must survive a restart (the ids of handled events); null: memory only.</summary>
    public string? StateDirectory { get; init; }

    internal string? HandledEventsFile(string transport) =>
        StateDirectory is { } directory ? Path.Combine(Directory.CreateDirectory(directory).FullName, $"slack-{transport}-handled.log") : null;

    internal string? JournalDirectory(string transport) =>
        StateDirectory is { } directory ? Path.Combine(Directory.CreateDirectory(directory).FullName, $"slack-{transport}-journal") : null;

    internal string? OutboxDirectory() =>
        StateDirectory is { } directory ? Path.Combine(Directory.CreateDirectory(directory).FullName, "outbox") : null;

    /// <summary>Never prints a token, whatever logs the record.</summary>
    public override string ToString() =>
        $"SlackSettings {{ ApiBase = {ApiBase}, SocketMode = {AppToken is not null}, HttpEvents = {SigningSecret is not null} }}";
}

/// <summary>Registers Slack as the app's chat front end, message delivery and user-group directory.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// The Web API client, delivery (<see cref="IMessageDelivery"/>), user groups (<see cref="IUserGroupDirectory"/>), the
    /// chat front end, and the Socket Mode connection when an app token is set. <paramref name="observe"/> runs after each
    /// event is handled (tests wait on it).
    /// </summary>
    public static IServiceCollection AddSlack(
        this IServiceCollection services, SlackSettings settings, SlackBotIdentity bot, HttpClient http, Func<SlackIncoming, Task>? observe = null)
    {
        services.AddSlackWebApi(settings, http);
        AddOutbox(services, settings);
        services.AddSlackHome(settings);
        services.AddSingleton(bot);
        services.AddSingleton(sp => new SlackChat(
            sp.GetRequiredService<App.Chat.CommandEngine>(),
            sp.GetRequiredService<SlackClient>(),
            bot,
            sp.GetRequiredService<SlackPeople>(),
            sp.GetRequiredService<SlackDelivery>(),
            sp.GetRequiredService<DirectMessages>(),
            sp.GetRequiredService<ILogger<SlackChat>>(),
            sp.GetRequiredService<HomeService>(),
            sp.GetRequiredService<IMessageDelivery>()));
        services.AddSingleton<SlackIncomingHandler>(sp =>
        {
            var chat = sp.GetRequiredService<SlackChat>();
            return new SlackIncomingHandler(async (item, ct) =>
            {
                await bot.AnsweringAsync(ct); // while Slack is down the item waits, journaled, for it to answer
                await chat.HandleAsync(item, ct);
                await (observe?.Invoke(item) ?? Task.CompletedTask);
            });
        });
        if (settings.AppToken is not null)
        {
            services.AddSingleton<SocketModeStatus>();
            services.AddHostedService(sp => new SocketModeService(
                new SocketModeClient(
                    sp.GetRequiredService<SlackClient>(),
                    sp.GetRequiredService<SlackIncomingHandler>().Handle,
                    (settings.SocketMode ?? new SocketModeOptions()) with
                    {
                        HandledEventsFile = settings.HandledEventsFile("socket"),
                        JournalDirectory = settings.JournalDirectory("socket"),
                    },
                    sp.GetRequiredService<ILogger<SocketModeClient>>(),
                    sp.GetRequiredService<SocketModeStatus>()),
                sp.GetRequiredService<SocketModeStatus>(),
                sp.GetRequiredService<IHostApplicationLifetime>(),
                sp.GetRequiredService<ILogger<SocketModeService>>()));
        }

        return services;
    }

    /// <summary>The Web API alone: message delivery (<see cref="IMessageDelivery"/>) and user groups (<see cref="IUserGroupDirectory"/>).</summary>
    public static IServiceCollection AddSlackWebApi(this IServiceCollection services, SlackSettings settings, HttpClient http)
    {
        services.AddSingleton(settings);
        services.AddSingleton(new SlackClient(settings.ApiBase, http, settings.BotToken, settings.AppToken, settings.ClientOptions));
        services.AddSingleton(sp => new SlackIdentities(sp.GetRequiredService<SlackClient>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SlackPeople>();
        services.AddSingleton<DirectMessages>();
        services.AddSingleton<SlackDelivery>();
        services.AddSingleton<IMessageDelivery>(sp => sp.GetRequiredService<SlackDelivery>());
        services.AddSingleton<IChannelFiles, SlackChannelFiles>();
        return services.AddSingleton<IUserGroupDirectory, SlackUserGroups>();
    }

    /// <summary>
    /// The App Home tab and the team channels' status messages (<see cref="IHomeSurface"/>), refreshed after every
    /// delivery: <see cref="IMessageDelivery"/> becomes Slack delivery followed by <see cref="HomeService.RefreshAfterAsync"/>.
    /// </summary>
    private static IServiceCollection AddSlackHome(this IServiceCollection services, SlackSettings settings)
    {
        services.AddSingleton(sp => new StatusMessages(sp.GetRequiredService<SlackClient>(), sp.GetRequiredService<ILogger<StatusMessages>>()));
        services.AddSingleton<IHomeSurface, SlackHomeSurface>();
        if (settings.FollowPeriod is { } period)
        {
            services.AddHostedService(sp => new HomeFollower(sp.GetRequiredService<HomeService>(), period));
        }

        return services.AddSingleton<IMessageDelivery>(sp => new HomeRefreshingDelivery(
            new OutboxDelivery(sp.GetRequiredService<SlackDelivery>(), sp.GetRequiredService<IReplyOutbox>()), sp.GetRequiredService<HomeService>()));
    }

    /// <summary>
    /// With a state directory, what a commit promised is kept there until delivered, and a starting process delivers
    /// what an earlier one did not (see <see cref="IReplyOutbox"/>).
    /// </summary>
    private static void AddOutbox(IServiceCollection services, SlackSettings settings)
    {
        if (settings.OutboxDirectory() is { } directory)
        {
            services.AddSingleton<IReplyOutbox>(new FileReplyOutbox(directory));
            services.AddHostedService<OutboxReplay>();
        }
    }

    /// <summary>Maps the HTTP event endpoints when a signing secret is set.</summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var settings = endpoints.ServiceProvider.GetRequiredService<SlackSettings>();
        if (settings.SigningSecret is not null)
        {
            SlackHttpEndpoints.Map(
                endpoints,
                new SlackSignatureVerifier(settings.SigningSecret),
                endpoints.ServiceProvider.GetRequiredService<SlackIncomingHandler>().Handle,
                settings.HandledEventsFile("http"),
                settings.JournalDirectory("http"));
        }

        return endpoints;
    }

    /// <summary>
    /// Runs Socket Mode for the life of the host. A refused app token, or Socket Mode turned off for the app, cannot get
    /// better by retrying: it is said in one line, recorded in <see cref="SocketModeStatus"/>, and the host stops (so the
    /// command can exit 1).
    /// </summary>
    private sealed class SocketModeService(SocketModeClient client, SocketModeStatus status, IHostApplicationLifetime lifetime, ILogger<SocketModeService> logger)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await client.RunAsync(stoppingToken);
            }
            catch (SlackApiException e)
            {
                Stop(e.Error == "link_disabled"
                    ? "Slack turned Socket Mode off for this app (link_disabled); turn it on again in the app's settings "
                        + "(Socket Mode), or serve HTTP events with SLACK_SIGNING_SECRET"
                    : $"Slack refused the app token in SLACK_APP_TOKEN ({e.Error} from {e.Method}); "
                        + "check that it is this app's app-level token (xapp-…) with the connections:write scope");
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never a silent exit: whatever stopped Socket Mode is said, and serve ends with exit code 1.
                Stop($"Socket Mode stopped unexpectedly ({e.GetType().Name}: {e.Message})");
            }
        }

        private void Stop(string why)
        {
            status.Refused = why;
            logger.LogCritical("{Refused}; serve stops", why);

            // Not while the host is still starting: that cancels its start (the web server's bind), and serve
            // would end on that exception instead of this line. Once started (at once, if it has), it stops.
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
        }
    }
}

/// <summary>Follows the state in git for the standing views, at once and then every <paramref name="period"/>.</summary>
internal sealed class HomeFollower(HomeService home, TimeSpan period) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await home.FollowAsync(stoppingToken);
                await Task.Delay(period, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>What every Slack transport hands its events to.</summary>
public sealed record SlackIncomingHandler(Func<SlackIncoming, CancellationToken, Task> Handle);
