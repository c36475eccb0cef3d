using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Git;
using TeamClusterSync.Testing.Processes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Bench.Benchmarks;

/// <summary>
/// <c>serve</c> as a team uses it against a config repo on a hosted forge: the origin is served over git smart HTTP by
/// <see cref="GitHttpStandIn"/>, which makes every request wait (150 ms by default, what a hosted forge costs before it
/// does any work), and people talk to the bot over signed HTTP events from the Slack stand-in. Each person is the one
/// member of a team with one simulated cluster. Prints, for one <c>request</c> and one <c>done</c> alone, the answer's
/// time and the forge requests made in the 2 s after it; then for N people at once (default 50) the last answer's time
/// and the forge requests; then one person's request and done while 10 clients scrape <c>/metrics</c> in a loop.
/// </summary>
internal sealed class ForgeBenchmark : IBenchmark
{
    /// <summary>How long after an answer the forge requests are still counted as the command's (background work it left).</summary>
    private static readonly TimeSpan Aftermath = TimeSpan.FromSeconds(2);

    public string Name => "forge";

    public string Description => "serve against a forge that adds latency per git request: one request/done, N at once, /metrics scrapers (args: [ms per request] [people])";

    public async Task RunAsync(string[] args)
    {
        var delay = TimeSpan.FromMilliseconds(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 150);
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        using var temp = new TempDirectory("tcs-bench-forge");
        await using var slack = await SlackStandIn.StartAsync();
        var people = People(count, slack);
        CreateOrigin(temp, people.Count);
        await using var forge = await GitHttpStandIn.StartAsync(temp.Path);
        forge.Delay = delay;
        var baseUrl = new Uri($"http://127.0.0.1:{ServeProcess.FreePort()}/");
        await using var serve = ServeBenchmark.Start(temp, slack, forge.UrlOf("origin.git"), baseUrl);
        using var http = new HttpClient();
        await serve.WaitReadyAsync(http, baseUrl);
        var sender = new SlackHttpSender(http, baseUrl, ServeBenchmark.Secret);
        await QuietAsync(forge);

        Console.WriteLine($"forge: serve over HTTP events, the origin over git smart HTTP at {delay.TotalMilliseconds:0} ms per request ({Environment.ProcessorCount} cores)");
        var alone = people[0];
        var request = await TimedAsync(forge, () => CommandAsync(sender, slack, alone, "request", "teamcluster done"));
        Console.WriteLine($"  one request: answered in {request.Seconds:F2} s; {request.Requests} in the {Aftermath.TotalSeconds:0} s after it (target <= 2)");
        await QuietAsync(forge);
        var done = await TimedAsync(forge, () => CommandAsync(sender, slack, alone, "done", "you released"));
        Console.WriteLine($"  one done: answered in {done.Seconds:F2} s; {done.Requests} in the {Aftermath.TotalSeconds:0} s after it (target <= 3)");

        await QuietAsync(forge);
        var requests = await TimedAsync(forge, () => Task.WhenAll(people.Select(p => CommandAsync(sender, slack, p, "request", "teamcluster done"))));
        Console.WriteLine($"  {people.Count} requests at once: the last answered after {requests.Seconds:F2} s; {requests.Requests} (target <= 2 s)");
        await QuietAsync(forge);
        var dones = await TimedAsync(forge, () => Task.WhenAll(people.Select(p => CommandAsync(sender, slack, p, "done", "you released"))));
        Console.WriteLine($"  {people.Count} dones at once: the last answered after {dones.Seconds:F2} s; {dones.Requests} (target <= 2.5 s)");

        await QuietAsync(forge);
        var quiet = await RequestAndDoneAsync(sender, slack, alone);
        using (var stop = new CancellationTokenSource())
        {
            var scrapers = Enumerable.Range(0, 10).Select(_ => ScrapeAsync(http, baseUrl, stop.Token)).ToList();
            await Task.Delay(TimeSpan.FromSeconds(1));
            var scraped = await RequestAndDoneAsync(sender, slack, alone);
            await stop.CancelAsync();
            var scrapes = (await Task.WhenAll(scrapers)).Sum();
            Console.WriteLine($"  request + done alone {quiet:F2} s; while 10 clients scrape /metrics in a loop {scraped:F2} s ({scraped / quiet:F2}x, target <= 1.3x; {scrapes} scrapes)");
        }

        Console.WriteLine($"  shutdown on SIGTERM: exit {await serve.TerminateAsync()}");
    }

    /// <summary>Runs <paramref name="work"/>, then counts the forge's requests from its start to <see cref="Aftermath"/> after it ended.</summary>
    private static async Task<Timed> TimedAsync(GitHttpStandIn forge, Func<Task> work)
    {
        var (requests, pushes, fetches) = (forge.Requests, forge.Pushes, forge.Fetches);
        var watch = Stopwatch.StartNew();
        await work();
        var seconds = watch.Elapsed.TotalSeconds;
        await Task.Delay(Aftermath);
        return new(seconds, forge.Requests - requests, forge.Pushes - pushes, forge.Fetches - fetches);
    }

    /// <summary>
    /// A timed run and the forge requests it made: a push is two (the advertisement, the pack), a fetch one or two (the
    /// advertisement, a pack when something is new).
    /// </summary>
    private sealed record Timed(double Seconds, int Count, int Pushes, int Fetches)
    {
        public string Requests => $"{Count} forge requests ({Pushes} push{(Pushes == 1 ? "" : "es")}, {Fetches} fetch{(Fetches == 1 ? "" : "es")})";
    }

    /// <summary>
    /// Waits until the forge has had no request for 3 s (start-up work and earlier commands are over), then until just
    /// after <c>serve</c>'s next background refresh (a fetch every 10 s): the next run's window then holds only what the
    /// command itself costs. Without that, the quiet wait lines the window up with the refresh it waited out.
    /// </summary>
    private static async Task QuietAsync(GitHttpStandIn forge)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var seen = forge.Requests;
        var since = Stopwatch.StartNew();
        while (since.Elapsed < TimeSpan.FromSeconds(3) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            if (forge.Requests != seen)
            {
                seen = forge.Requests;
                since.Restart();
            }
        }

        var fetches = forge.Fetches;
        while (forge.Fetches == fetches && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
    }

    private static async Task<double> RequestAndDoneAsync(SlackHttpSender sender, SlackStandIn slack, (string Id, string Channel) person)
    {
        var watch = Stopwatch.StartNew();
        await CommandAsync(sender, slack, person, "request", "teamcluster done");
        await CommandAsync(sender, slack, person, "done", "you released");
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Sends <paramref name="text"/> as a DM and waits (bounded) for the bot's answer containing <paramref name="answer"/>.</summary>
    private static async Task CommandAsync(SlackHttpSender sender, SlackStandIn slack, (string Id, string Channel) person, string text, string answer)
    {
        var answered = Answers.Expect(slack, person.Channel, answer);
        using var response = await sender.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent(person.Id, person.Channel, text)));
        response.EnsureSuccessStatusCode();
        await answered.WaitAsync(TimeSpan.FromSeconds(120));
    }

    private static async Task<int> ScrapeAsync(HttpClient http, Uri baseUrl, CancellationToken stop)
    {
        var scrapes = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, "/metrics"), stop);
                await response.Content.ReadAsStringAsync(stop);
                scrapes++;
            }
            catch (OperationCanceledException)
            {
            }
        }

        return scrapes;
    }

    /// <summary>forgeNNN people, known to Slack and to people.yaml, each with their DM channel.</summary>
    private static List<(string Id, string Channel)> People(int count, SlackStandIn slack) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var id = $"U0FORGE{i:D3}";
            slack.AddUser(id, Login(i), $"{Login(i)}@example.com");
            return (id, slack.DirectMessageChannel(id));
        })];

    private static string Login(int i) => $"forge{i:D3}";

    /// <summary>The example settings, and per person a team of one with its channel and one simulated cluster.</summary>
    private static void CreateOrigin(TempDirectory temp, int count)
    {
        var seed = temp.Combine("seed");
        Directory.CreateDirectory(Path.Combine(seed, "teams"));
        Directory.CreateDirectory(Path.Combine(seed, "clusters"));
        File.Copy(Path.Combine(RepoRoot.ExampleConfig, "teamclustersync.yaml"), Path.Combine(seed, "teamclustersync.yaml"));
        var people = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var login = Login(i);
            File.WriteAllText(Path.Combine(seed, "teams", $"{login}.yaml"), $"name: {login}\nslack:\n  usergroup: {login}\n  channel: {login}\nmembers:\n  - {login}\n");
            File.WriteAllText(Path.Combine(seed, "clusters", $"{login}.yaml"),
                $"name: {login}\nteam: {login}\nversion: \"4.6\"\nconsoleUrl: https://console.{login}.example.com/\nprovider:\n  type: simulated\n");
            people.Append(CultureInfo.InvariantCulture, $"- github: {login}\n  slack: U0FORGE{i:D3}\n  email: {login}@example.com\n");
        }

        File.WriteAllText(Path.Combine(seed, "people.yaml"), people.ToString());
        GitCli.CreateOrigin(temp.Combine("origin.git"), seed);
    }

    /// <summary>
    /// Watches the stand-in's messages for awaited answers: one reader for every waiting command, looking only at
    /// messages it has not seen (many pollers copying the whole list would cost the stand-in, and so the bot, time).
    /// </summary>
    private static class Answers
    {
        private static readonly List<(string Channel, string Text, TaskCompletionSource Done)> Waiting = [];
        private static int seen;
        private static Task? watcher;

        public static Task Expect(SlackStandIn slack, string channel, string text)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (Waiting)
            {
                Waiting.Add((channel, text, done));
                watcher ??= Task.Run(() => WatchAsync(slack));
            }

            return done.Task;
        }

        private static async Task WatchAsync(SlackStandIn slack)
        {
            while (true)
            {
                await Task.Delay(5);
                var messages = slack.Messages;
                lock (Waiting)
                {
                    foreach (var message in messages.Skip(seen))
                    {
                        foreach (var waiter in Waiting.Where(w => w.Channel == message.Channel && message.Text.Contains(w.Text, StringComparison.Ordinal)).ToList())
                        {
                            waiter.Done.TrySetResult();
                            Waiting.Remove(waiter);
                        }
                    }

                    seen = messages.Count;
                }
            }
        }
    }
}
