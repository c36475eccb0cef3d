using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class ActionLimitTests
{
    private static readonly DateTimeOffset T = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_next_is_allowed_once_the_oldest_of_the_last_max_leaves_the_window()
    {
        var limit = new ActionLimit("pinged", 3, TimeSpan.FromHours(1));
        DateTimeOffset[] earlier = [T.AddMinutes(-70), T.AddMinutes(-50), T.AddMinutes(-20), T.AddMinutes(-5)];

        Assert.Equal(T.AddMinutes(10), limit.BlockedUntil(earlier, T));
        Assert.Null(limit.BlockedUntil(earlier, T.AddMinutes(10)));
        Assert.Null(limit.BlockedUntil(earlier[..3], T));
    }

    [Fact]
    public void Only_pings_and_taking_count_never_letting_go_or_answering()
    {
        Assert.Equal(
            [ActionLimit.Pings, ActionLimit.Takes, ActionLimit.Takes, ActionLimit.Takes, null, null, null, null, null],
            new LeaseCommand[]
            {
                new LeaseCommand.Ping(), new LeaseCommand.Request(), new LeaseCommand.RequestReadOnly(), new LeaseCommand.Wait(), new LeaseCommand.Done(),
                new LeaseCommand.Leave(), new LeaseCommand.Deny("no"), new LeaseCommand.Grant(), new LeaseCommand.Extend(),
            }.Select(ActionLimit.For));
    }
}
