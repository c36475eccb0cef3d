using System.Text.RegularExpressions;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Chat;

/// <summary>
/// The request's whole conversation, one <c>teamclustersync chat</c> invocation per message, against a real bare
/// origin: what each person is told, which kubeconfig each gets, and one commit per lease transition.
/// </summary>
public sealed partial class ChatTranscriptTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-chat");

    public ChatTranscriptTests()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
    }

    private string Origin => temp.Combine("origin.git");

    private string Out => temp.Combine("out");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_requests_transcript_works_end_to_end()
    {
        Approvals.Verify(await ReplayAsync(RequestTranscript.Conversation), "request-transcript", "txt");
        AssertCredentials();
        AssertAuditTrail();
    }

    [Fact]
    public async Task The_handover_on_team_mco_works_end_to_end_and_each_commit_is_authored_by_who_acted()
    {
        Approvals.Verify(await ReplayAsync(RequestTranscript.Handover), "handover-transcript", "txt");
        Assert.Equal(
            """
            sinnykumari <sinnykumari@users.noreply.github.com>|lease: @sinnykumari took team-mco (read-write)
            yuqi-zhang <yuqi-zhang@users.noreply.github.com>|lease: @yuqi-zhang asked @sinnykumari for team-mco
            sinnykumari <sinnykumari@users.noreply.github.com>|lease: @sinnykumari handed team-mco over to @yuqi-zhang
            sinnykumari <sinnykumari@users.noreply.github.com>|lease: @sinnykumari asked @yuqi-zhang for team-mco
            yuqi-zhang <yuqi-zhang@users.noreply.github.com>|lease: @yuqi-zhang released team-mco
            sinnykumari <sinnykumari@users.noreply.github.com>|lease: @sinnykumari took team-mco (read-write)
            sinnykumari <sinnykumari@users.noreply.github.com>|lease: @sinnykumari released team-mco

            """,
            GitCli.Run(Origin, "log", "--reverse", "--format=%an <%ae>|%s", "--", "state/leases/team-mco.yaml"));
        Assert.Equal("3\tyuqi-zhang\n", GitCli.Run(Origin, "shortlog", "-sn", "--author=yuqi-zhang", "HEAD").TrimStart(' '));
    }

    [Fact]
    public async Task A_refusal_keeps_its_reason_in_a_trailer_on_one_line()
    {
        await ChatAsync("--as", "miabbott", "--", "teamcluster request");
        await ChatAsync("--as", "cgwalters", "--", "teamcluster ping");

        await ChatAsync("--as", "miabbott", "--", "no running the upgrade test, give me an hour");

        Assert.Equal(
            "miabbott|lease: @miabbott refused @cgwalters access to team-rhcos|running the upgrade test, give me an hour\n",
            GitCli.Run(Origin, "log", "-1", "--format=%an|%s|%(trailers:key=Reason,valueonly,separator=)"));
    }

    [Fact]
    public async Task Usage_errors_exit_2_and_say_what_is_missing()
    {
        var (code, _, stderr) = await ChatAsync("--", "teamcluster request");

        Assert.Equal(2, code);
        Assert.Equal(
            "teamclustersync chat: --as LOGIN is required\nusage: teamclustersync chat --repo PATH_OR_URL --as LOGIN [--out DIR] [--output text|json] [--] [MESSAGE...]\n",
            stderr);
    }

    [Fact]
    public async Task Without_a_message_it_reads_lines_and_as_switches_user()
    {
        var input = new StringReader("teamcluster request\n/as cgwalters\nteamcluster request\n");
        var stdout = new StringWriter();

        var code = await CliApp.RunAsync(["chat", "--repo", Origin, "--as", "miabbott"], stdout, new StringWriter(), input, CliEnvironment.WithCache(temp.Combine("cache")));

        Assert.Equal(0, code);
        Assert.Contains(
            "to @cgwalters:\ncluster https://console.team-redhat-coreos.devcluster.openshift.com/ is in use by @miabbott\n",
            stdout.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_one_object_per_message()
    {
        await ChatAsync("--as", "miabbott", "--", "teamcluster request");

        var (code, stdout, _) = await ChatAsync("--as", "cgwalters", "--output", "json", "--", "teamcluster ping");

        Assert.Equal(0, code);
        Assert.Equal(
            """
            {"to":"@cgwalters","text":"I asked @miabbott for access to team-rhcos; you will hear back here (or `teamcluster wait` to get in line for when it is free)"}
            {"to":"@miabbott","text":"user @cgwalters has requested access, reply \"yes\" to grant, \"no <reason>\" to indicate refusal","buttons":["yes @cgwalters","no @cgwalters no reason given"]}

            """,
            stdout);
    }

    [Fact]
    public async Task A_push_the_origin_refuses_promises_nothing_and_exits_1()
    {
        GitCli.InstallHook(Origin, "pre-receive", "#!/bin/sh\necho 'branch is protected' >&2\nexit 1\n");

        var (code, stdout, stderr) = await ChatAsync("--as", "miabbott", "--out", Out, "--", "teamcluster request");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("teamclustersync chat: ", stderr, StringComparison.Ordinal);
        Assert.Contains("pre-receive hook declined", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out)); // --out is checked without being created, and nothing was promised
        Assert.Equal("seed config\n", GitCli.Run(Origin, "log", "--format=%s"));
    }

    /// <summary>Each grant minted its own token; read-only used a distinct identity; nothing secret reached git.</summary>
    private void AssertCredentials()
    {
        var miabbott = File.ReadAllText(Path.Combine(Out, "miabbott", "kubeconfig-team-rhcos.yaml"));
        var cgwalters = File.ReadAllText(Path.Combine(Out, "cgwalters", "kubeconfig-team-rhcos.yaml"));
        var jlebon = File.ReadAllText(Path.Combine(Out, "jlebon", "kubeconfig-team-rhcos-readonly.yaml"));
        Assert.Contains("# identity: kube:admin", miabbott, StringComparison.Ordinal);
        Assert.Contains("# identity: system:serviceaccount:teamclustersync:reader-jlebon", jlebon, StringComparison.Ordinal);
        var tokens = new[] { miabbott, cgwalters, jlebon }.Select(k => Token().Match(k).Groups[1].Value).ToList();
        Assert.Equal(3, tokens.Distinct().Count());
        var everything = GitCli.Run(Origin, "log", "-p", "--all");
        Assert.All(tokens, t => Assert.DoesNotContain(t, everything, StringComparison.Ordinal));
    }

    /// <summary>One commit per transition on the state file, each with its trailers.</summary>
    private void AssertAuditTrail()
    {
        var log = GitCli.Run(Origin, "log", "--reverse", "--format=%s|%(trailers:key=Actor,valueonly,separator=)|%(trailers:key=Action,valueonly,separator=)|%(trailers:key=Source,valueonly,separator=)|%(trailers:key=Cluster,valueonly,separator=)", "--", "state/leases/team-rhcos.yaml");
        Assert.Equal(
            """
            lease: @miabbott took team-rhcos (read-write)|miabbott|request|cli|team-rhcos
            lease: @cgwalters asked @miabbott for team-rhcos|cgwalters|ping|cli|team-rhcos
            lease: @miabbott refused @cgwalters access to team-rhcos|miabbott|deny|cli|team-rhcos
            lease: @cgwalters asked @miabbott for team-rhcos|cgwalters|ping|cli|team-rhcos
            lease: @miabbott shared team-rhcos with @cgwalters (read-write)|miabbott|grant|cli|team-rhcos
            lease: @jlebon got read-only access to team-rhcos|jlebon|request-ro|cli|team-rhcos
            lease: @miabbott released team-rhcos|miabbott|done|cli|team-rhcos
            lease: @cgwalters released team-rhcos|cgwalters|done|cli|team-rhcos
            lease: @jlebon gave up read-only access to team-rhcos|jlebon|done|cli|team-rhcos

            """,
            log);
    }

    /// <summary>One <c>chat</c> invocation per message; the transcript with times replaced by <c>&lt;time&gt;</c>.</summary>
    private async Task<string> ReplayAsync(IEnumerable<(string Login, string Text)> conversation)
    {
        var transcript = new List<string>();
        foreach (var (login, message) in conversation)
        {
            var (code, stdout, stderr) = await ChatAsync("--as", login, "--out", Out, "--", message);
            Assert.True(code == 0, stderr);
            transcript.Add($"<{login}> {message}\n{Times().Replace(stdout, "<time>")}");
        }

        return string.Join("\n", transcript);
    }

    private async Task<(int Code, string Stdout, string Stderr)> ChatAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["chat", "--repo", Origin, .. args], stdout, stderr, new StringReader(""), CliEnvironment.WithCache(temp.Combine("cache")));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC")]
    private static partial Regex Times();

    [GeneratedRegex(@"token: (\S+)")]
    private static partial Regex Token();
}
