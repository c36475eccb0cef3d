using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>
/// One cluster's lease driven command by command, the way the bot would: each decision's state becomes the next
/// input, and the clock only moves when a test says so. Keeps each test down to the story it tells.
/// </summary>
internal sealed class LeaseScenario(Cluster cluster, IEnumerable<string>? members = null)
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan EightHours = TimeSpan.FromHours(8);

    /// <summary>The example team: four members; <c>mallory</c> and <c>eve</c> are outsiders.</summary>
    public static readonly IReadOnlyList<string> TeamMembers = ["alice", "bob", "carol", "dave"];

    private readonly HashSet<string> members = new(members ?? TeamMembers, StringComparer.OrdinalIgnoreCase);

    public LeaseScenario()
        : this(MakeCluster())
    {
    }

    public Cluster Cluster { get; } = cluster;

    public LeaseState State { get; private set; } = LeaseState.Free(cluster.Name);

    public DateTimeOffset Now { get; private set; } = T0;

    public IReadOnlySet<string> Members => this.members;

    /// <summary>
    /// The example cluster. Pings time out after a day unless a test says otherwise, so stories about answers are
    /// not interrupted by reminders; the line's offers last the default 15 minutes.
    /// </summary>
    public static Cluster MakeCluster(
        int maxHolders = 2, bool allowReadOnly = true, TimeSpan? maxDuration = null, TimeSpan? pingTimeout = null, TimeSpan? offerWindow = null) =>
        new(
            "team-rhcos",
            "redhat-coreos",
            "4.6",
            "https://console.team-redhat-coreos.devcluster.openshift.com/",
            ProviderSpec.Simulated,
            new ReprovisionPolicy(null, WhenLeased.Defer, null),
            new LeasePolicy(maxDuration ?? EightHours, allowReadOnly, maxHolders)
            {
                PingTimeout = pingTimeout ?? TimeSpan.FromDays(1),
                OfferWindow = offerWindow ?? TimeSpan.FromMinutes(15),
            });

    public LeaseDecision Do(string actor, LeaseCommand command)
    {
        var decision = LeaseEngine.Decide(Cluster, this.members, State, actor, command, Now);
        State = decision.State;
        return decision;
    }

    public LeaseScenario Advance(TimeSpan by)
    {
        Now += by;
        return this;
    }

    /// <summary>The next team sync dropped this person from the team.</summary>
    public void Leave(string user) => this.members.Remove(user);
}
