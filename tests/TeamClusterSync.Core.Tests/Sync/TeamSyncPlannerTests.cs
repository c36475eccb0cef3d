using CsCheck;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.Core.Tests.Sync;

public class TeamSyncPlannerTests
{
    private static readonly Team Team = new("redhat-coreos", "openshift-team-red-hat-coreos", "team-rhcos", "team-rhcos", ["cgwalters"], ["miabbott"]);

    [Fact]
    public void Adds_the_missing_removes_the_departed_and_lists_the_unmapped()
    {
        var plan = TeamSyncPlanner.Plan(
            Team,
            new HashSet<string> { "jlebon", "newbie" },
            [new("cgwalters", "UCG"), new("miabbott", "UMI"), new("jlebon", "UJL"), SlackLookup.Unmapped("newbie")],
            ["UCG", "UGONE"]);

        Assert.Equal(["UCG", "UJL", "UMI"], plan.Members);
        Assert.Equal(["UJL", "UMI"], plan.Add);
        Assert.Equal(["UGONE"], plan.Remove);
        Assert.Equal(["newbie"], plan.Unmapped);
        Assert.Null(plan.Skipped);
        Assert.True(plan.ChangesSomething);
    }

    [Fact]
    public void A_github_team_that_could_not_be_read_leaves_the_group_alone()
    {
        var plan = TeamSyncPlanner.Plan(Team, gitHubMembers: null, [new("cgwalters", "UCG")], ["UCG", "UMI", "UJL"]);

        Assert.Equal("GitHub team openshift-team-red-hat-coreos could not be read; the group is left as it is", plan.Skipped);
        Assert.Empty(plan.Remove);
        Assert.False(plan.ChangesSomething);
    }

    [Fact]
    public void A_failed_slack_lookup_never_removes_anyone()
    {
        var plan = TeamSyncPlanner.Plan(Team, new HashSet<string>(), [new("cgwalters", "UCG"), SlackLookup.Error("miabbott")], ["UMI", "UOLD"]);

        Assert.Equal(["UCG", "UMI", "UOLD"], plan.Members);
        Assert.Equal(["UCG"], plan.Add);
        Assert.Empty(plan.Remove);
        Assert.Equal(["miabbott"], plan.LookupFailed);
    }

    [Fact]
    public void A_group_is_never_emptied()
    {
        var plan = TeamSyncPlanner.Plan(Team, new HashSet<string>(), [SlackLookup.Unmapped("cgwalters"), SlackLookup.Unmapped("miabbott")], ["UCG"]);

        Assert.Equal("no member maps to a Slack user; a group is never emptied", plan.Skipped);
        Assert.Equal(["UCG"], plan.Members);
        Assert.Equal(["cgwalters", "miabbott"], plan.Unmapped);
    }

    [Fact]
    public void Desired_logins_are_the_team_file_and_the_github_team_without_case_duplicates() =>
        Assert.Equal(["cgwalters", "jlebon", "miabbott"], TeamSyncPlanner.DesiredLogins(Team, new HashSet<string> { "CGWalters", "jlebon" }));

    [Fact]
    public void Removals_above_a_count_cap_leave_the_group_as_it_is_and_say_why()
    {
        var plan = TeamSyncPlanner.Plan(
            Team, new HashSet<string>(), [new("cgwalters", "UCG"), new("miabbott", "UMI")], ["UCG", "UMI", "U1", "U2", "U3"], Guards(RemovalCap.Count(2)));

        Assert.Equal("would remove 3 of 5 members, more than sync.maxRemovals (2: 2); the group is left as it is", plan.Skipped);
        Assert.Equal(["UCG", "UMI", "U1", "U2", "U3"], plan.Members);
        Assert.False(plan.ChangesSomething);
    }

    [Fact]
    public void Removals_up_to_the_cap_go_ahead() =>
        Assert.Equal(
            ["U1", "U2"],
            TeamSyncPlanner.Plan(Team, new HashSet<string>(), [new("cgwalters", "UCG")], ["UCG", "U1", "U2"], Guards(RemovalCap.Count(2))).Remove);

    [Theory]
    [InlineData(25, 4, 1)]
    [InlineData(25, 5, 2)]
    [InlineData(25, 2, 1)]
    [InlineData(0, 10, 0)]
    [InlineData(100, 3, 3)]
    [InlineData(10, 40, 4)]
    public void A_share_of_the_group_rounds_up(int percent, int size, int allowed) =>
        Assert.Equal(allowed, RemovalCap.Share(percent).AllowedOf(size));

    [Fact]
    public void The_default_cap_is_a_quarter_of_the_group()
    {
        var plan = TeamSyncPlanner.Plan(Team, new HashSet<string>(), [new("cgwalters", "UCG"), new("miabbott", "UMI")], ["UCG", "UMI", "U1", "U2"]);

        Assert.Equal("would remove 2 of 4 members, more than sync.maxRemovals (25%: 1); the group is left as it is", plan.Skipped);
    }

    [Fact]
    public void A_plan_that_removes_below_the_minimum_size_is_not_applied()
    {
        var plan = TeamSyncPlanner.Plan(
            Team, new HashSet<string>(), [new("cgwalters", "UCG"), SlackLookup.Unmapped("miabbott")], ["UCG", "UOLD"], Guards(RemovalCap.Count(5), minGroupSize: 2));

        Assert.Equal("would leave 1 member(s), fewer than sync.minGroupSize (2); the group is left as it is", plan.Skipped);
    }

    [Fact]
    public void Growing_a_group_still_below_the_minimum_is_allowed()
    {
        var plan = TeamSyncPlanner.Plan(Team, new HashSet<string>(), [new("cgwalters", "UCG"), SlackLookup.Unmapped("miabbott")], [], Guards(RemovalCap.Count(0), minGroupSize: 3));

        Assert.Null(plan.Skipped);
        Assert.Equal(["UCG"], plan.Add);
    }

    [Fact]
    public void Guards_never_let_a_plan_remove_more_than_the_cap_or_leave_a_group_below_the_minimum()
    {
        var ids = Gen.OneOf("U1", "U2", "U3", "U4", "U5", "U6");
        var lookup = Gen.Select(Gen.OneOf("a", "b", "c", "d"), ids, Gen.Int[0, 2], (login, id, kind) => kind switch
        {
            0 => new SlackLookup(login, id),
            1 => SlackLookup.Unmapped(login),
            _ => SlackLookup.Error(login),
        });
        var cap = Gen.Select(Gen.Int[0, 6], Gen.Bool, (n, share) => share ? RemovalCap.Share(n * 20) : RemovalCap.Count(n));
        Gen.Select(lookup.Array[0, 6], ids.Array[0, 6], cap, Gen.Int[1, 4]).Sample((lookups, current, max, min) =>
        {
            var plan = TeamSyncPlanner.Plan(Team, new HashSet<string>(), lookups, current, Guards(max, min));
            var before = current.Distinct().Count();

            Assert.True(plan.Remove.Count <= max.AllowedOf(before));
            Assert.True(plan.Remove.Count == 0 || plan.Members.Count >= min);
            Assert.True(plan.Skipped is null || (plan.Add.Count == 0 && plan.Remove.Count == 0 && plan.Members.SequenceEqual(current)));
        });
    }

    [Fact]
    public void No_failure_ever_shrinks_or_empties_a_group()
    {
        var ids = Gen.OneOf("U1", "U2", "U3", "U4", "U5");
        var lookup = Gen.Select(Gen.OneOf("a", "b", "c", "d"), ids, Gen.Int[0, 2], (login, id, kind) => kind switch
        {
            0 => new SlackLookup(login, id),
            1 => SlackLookup.Unmapped(login),
            _ => SlackLookup.Error(login),
        });
        Gen.Select(lookup.Array[0, 6], ids.Array[0, 5], Gen.Bool).Sample((lookups, current, gitHubDown) =>
        {
            var plan = TeamSyncPlanner.Plan(Team, gitHubDown ? null : new HashSet<string>(), lookups, current);
            var failure = gitHubDown || lookups.Any(l => l.Failed);

            Assert.True(plan.Members.Count > 0 || (plan.Skipped is not null && current.Length == 0 && plan.Add.Count == 0));
            Assert.True(!failure || plan.Remove.Count == 0);
            Assert.True(plan.Skipped is null || (plan.Add.Count == 0 && plan.Remove.Count == 0));
        });
    }

    private static SyncGuards Guards(RemovalCap cap, int minGroupSize = 1) => new(cap, minGroupSize, IncludeGuests: false);
}
