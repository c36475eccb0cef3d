using TeamClusterSync.Providers.Command;
using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// A provider that cannot issue credentials (a real <c>command</c> provider script that exits 3 with "quota exceeded"):
/// the grant is taken back in a second commit (git keeps only "exit code 3"), the person hears the provider's reason (a token in it scrubbed) and
/// the command to try again, and nobody is told of access that never happened.
/// </summary>
public sealed class ProviderFailureTests : IDisposable
{
    private const string FailsReadOnly =
        "[ \"$TEAMCLUSTER_MODE\" = read-only ] && { echo 'quota exceeded for project team-rhcos (token: s3cr3t-value)' >&2; exit 3; }; "
        + "printf 'apiVersion: v1\\nkind: Config\\n'";

    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task A_grant_whose_credentials_fail_is_taken_back_and_the_requester_hears_why_and_what_to_run()
    {
        UseCommandProvider("echo 'quota exceeded for project team-rhcos (token: s3cr3t-value)' >&2; exit 3");
        var bot = await fixture.BotAsync(new CommandLineProvider());

        var replies = await bot.HandleAsync("miabbott", "teamcluster request");

        Assert.Equal(
            "@miabbott: I could not get credentials for team-rhcos from its provider: provider.command.kubeconfig failed with exit code 3: "
            + "quota exceeded for project team-rhcos (token: ***). Your access was taken back, so nothing is held in your name; "
            + "try again with `teamcluster request team-rhcos`",
            AppFixture.Render(replies));
        Assert.Equal(
            ["lease: @miabbott took team-rhcos (read-write)", "lease: @miabbott's access to team-rhcos taken back: no credentials could be issued"],
            fixture.Subjects().TakeLast(2));
        Assert.Equal("cluster: team-rhcos\nholders: []\nreaders: []\npending: []\n", GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"));
        var message = GitCli.Run(fixture.Origin, "log", "-1", "--format=%B", "main");
        // Git keeps the bot's own summary of the failure, never the script's output, redacted or not.
        Assert.Contains("\nReason: provider.command.kubeconfig failed with exit code 3\n", message, StringComparison.Ordinal);
        Assert.DoesNotContain("quota", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_credentials_that_fail_are_not_announced_to_the_holder_and_the_retry_is_request_ro()
    {
        UseCommandProvider(FailsReadOnly);
        var bot = await fixture.BotAsync(new CommandLineProvider());
        await bot.HandleAsync("cgwalters", "teamcluster request");

        var replies = await bot.HandleAsync("jlebon", "teamcluster request ro");

        Assert.Equal(
            "@jlebon: I could not get read-only credentials for team-rhcos from its provider: provider.command.kubeconfig failed with exit code 3: "
            + "quota exceeded for project team-rhcos (token: ***). Nothing is held in your name; try again with `teamcluster request ro team-rhcos`",
            AppFixture.Render(replies));
        Assert.DoesNotContain("readers:\n  -", GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yes_whose_credentials_fail_is_taken_back_and_the_holder_who_said_it_is_told()
    {
        UseCommandProvider("[ \"$TEAMCLUSTER_USER\" = cgwalters ] && { echo 'quota exceeded' >&2; exit 3; }; printf 'apiVersion: v1\\nkind: Config\\n'");
        var bot = await fixture.BotAsync(new CommandLineProvider());
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster ping");

        var replies = await bot.HandleAsync("miabbott", "yes");

        Assert.Equal(
            """
            @cgwalters: I could not get credentials for team-rhcos from its provider: provider.command.kubeconfig failed with exit code 3: quota exceeded. Your access was taken back, so nothing is held in your name; try again with `teamcluster ping team-rhcos`
            @miabbott: you said yes to @cgwalters for team-rhcos, but no credentials could be issued for it, so the access was taken back; nothing changed for you
            """,
            AppFixture.Render(replies));
    }

    private void UseCommandProvider(string kubeconfig)
    {
        var cluster = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "clusters", "team-rhcos.yaml"))
            .Replace("  type: simulated\n", $"  type: command\n  command:\n    create: \"true\"\n    destroy: \"true\"\n    kubeconfig: '{kubeconfig.Replace("'", "''", StringComparison.Ordinal)}'\n", StringComparison.Ordinal);
        fixture.HumanCommit("clusters/team-rhcos.yaml", cluster);
    }
}
