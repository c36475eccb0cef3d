using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Processes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Bench.Benchmarks;

/// <summary>
/// The real <c>teamclustersync serve</c> process over HTTP events from the Slack stand-in (signed, as Slack sends
/// them): its resident memory at rest and under a steady stream of events, and at N concurrent users (default 20),
/// each sending <c>status</c> and waiting for the answer before the next, its throughput and ack latency (the
/// HTTP answer Slack needs within 3 s) and answer latency.
/// </summary>
internal sealed class ServeBenchmark : IBenchmark
{
    internal const string Secret = "bench-signing-secret-0123456789";

    public string Name => "serve";

    public string Description => "serve's RSS at rest and under load; throughput and ack latency at 20 concurrent users (args: [seconds] [users])";

    public async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var users = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        using var temp = new TempDirectory("tcs-bench-serve");
        await using var slack = await SlackStandIn.StartAsync();
        var people = People(users, slack);
        CreateOrigin(temp, people);
        var baseUrl = new Uri($"http://127.0.0.1:{ServeProcess.FreePort()}/");
        await using var serve = Start(temp, slack, temp.Combine("origin.git"), baseUrl);
        using var http = new HttpClient();
        await serve.WaitReadyAsync(http, baseUrl);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var atRest = serve.ResidentBytes;

        var sender = new SlackHttpSender(http, baseUrl, Secret);
        var acks = new List<double>();
        var answers = new List<double>();
        long peak = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, serve.ResidentBytes);
                await Task.Delay(250, CancellationToken.None);
            }
        });
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(people.Select(id => UserAsync(sender, slack, id, acks, answers, stop.Token)));
        var elapsed = watch.Elapsed.TotalSeconds;
        await sampler;
        var afterLoad = serve.ResidentBytes;

        Console.WriteLine($"serve: {users} concurrent users sending 'status' over signed HTTP events for {seconds} s ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"  RSS at rest {Mb(atRest)}   under load: peak {Mb(peak)}, at the end {Mb(afterLoad)}");
        Console.WriteLine($"  throughput {answers.Count / elapsed:F1} commands/s answered ({answers.Count} in {elapsed:F1} s)");
        Console.WriteLine($"  ack latency p50 {P(acks, 0.5)} ms, p99 {P(acks, 0.99)} ms   answer latency p50 {P(answers, 0.5)} ms, p99 {P(answers, 0.99)} ms");
        Console.WriteLine($"  shutdown on SIGTERM: exit {await serve.TerminateAsync()}");
    }

    /// <summary>
    /// <c>serve</c> on <paramref name="repo"/> in Slack's HTTP mode (events signed with <see cref="Secret"/>), talking to
    /// the stand-in, with its cache and HOME in <paramref name="temp"/> and JSON logs.
    /// </summary>
    internal static ServeProcess Start(TempDirectory temp, SlackStandIn slack, string repo, Uri baseUrl) =>
        ServeProcess.Start(["serve", "--repo", repo, "--urls", baseUrl.ToString()], new Dictionary<string, string>
        {
            ["HOME"] = temp.Path,
            ["TEAMCLUSTERSYNC_CACHE"] = temp.Combine("cache"),
            ["SLACK_BOT_TOKEN"] = SlackStandIn.BotToken,
            ["SLACK_SIGNING_SECRET"] = Secret,
            ["SLACK_API_URL"] = slack.ApiBaseUrl.ToString(),
            ["TEAMCLUSTERSYNC_LOG_FORMAT"] = "json",
        });

    /// <summary>One user: send, wait for the ack, wait for the answer in the DM, again, until the time is up.</summary>
    private static async Task UserAsync(SlackHttpSender sender, SlackStandIn slack, string id, List<double> acks, List<double> answers, CancellationToken stop)
    {
        var channel = slack.DirectMessageChannel(id);
        while (!stop.IsCancellationRequested)
        {
            var before = slack.Messages.Count(m => m.Channel == channel);
            var watch = Stopwatch.StartNew();
            using var response = await sender.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent(id, channel, "status")));
            var ack = watch.Elapsed.TotalMilliseconds;
            while (slack.Messages.Count(m => m.Channel == channel) == before)
            {
                await Task.Delay(2, CancellationToken.None);
            }

            lock (acks)
            {
                acks.Add(ack);
                answers.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
    }

    /// <summary>The example people plus benchNN users up to <paramref name="count"/>, known to Slack and to people.yaml.</summary>
    private static List<string> People(int count, SlackStandIn slack)
    {
        StandInTranscript.AddExamplePeople(slack);
        var ids = StandInTranscript.People.Values.Take(count).ToList();
        for (var i = ids.Count; i < count; i++)
        {
            var id = $"U0BENCH{i:D3}";
            slack.AddUser(id, $"bench{i:D3}", $"bench{i:D3}@example.com");
            ids.Add(id);
        }

        return ids;
    }

    private static void CreateOrigin(TempDirectory temp, List<string> ids)
    {
        var seed = temp.Combine("seed");
        GitCli.CopyDirectory(RepoRoot.ExampleConfig, seed);
        var extra = new StringBuilder();
        foreach (var id in ids.Where(i => i.StartsWith("U0BENCH", StringComparison.Ordinal)))
        {
            var login = "bench" + id[^3..];
            extra.Append(CultureInfo.InvariantCulture, $"- github: {login}\n  slack: {id}\n  email: {login}@example.com\n");
        }

        File.AppendAllText(Path.Combine(seed, "people.yaml"), extra.ToString());
        GitCli.CreateOrigin(temp.Combine("origin.git"), seed);
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MiB";

    private static string P(List<double> samples, double p) =>
        samples.Count == 0 ? "-" : Percentiles.Of([.. samples.Order()], p).ToString("F1", CultureInfo.InvariantCulture);
}
