namespace TeamClusterSync.App.Tests.Reconcilers;

public sealed class LeaseExpiryReconcilerTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task A_broken_lease_file_of_one_cluster_does_not_stop_the_sweep_for_the_others()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        fixture.HumanCommit("state/leases/team-mco.yaml", "cluster: team-mco\nholders: [\n");

        fixture.Clock.Advance(TimeSpan.FromHours(8));
        var expiry = await bot.ExpireAsync();

        Assert.Equal(
            """
            @miabbott: your lease on team-rhcos ran out and was released
            #team-rhcos: team-rhcos is free: use `teamcluster request` to take it
            """,
            AppFixture.Render(expiry));
        Assert.Equal("lease: @miabbott's lease on team-rhcos expired", fixture.Subjects()[^1]);
    }
}
