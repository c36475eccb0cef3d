using CsCheck;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>
/// Random command sequences from team members and outsiders, with the clock moving forward and (in one property)
/// people leaving and joining the team between commands. After every step the lease rules' invariants must hold.
/// CsCheck prints the failing sequence (shrunk) and its seed; set <c>CsCheck_Seed</c> to replay it.
/// </summary>
public sealed class LeaseInvariantTests
{
    private const int Sequences = 1500;

    [Fact]
    public void Invariants_hold_after_every_step_of_random_sequences_with_a_fixed_team() =>
        LeaseGen.Run(churn: false).Sample(run => LeaseRunChecker.Check(run), iter: Sequences, print: r => r.ToString());

    [Fact]
    public void Invariants_hold_when_people_leave_and_join_the_team_between_commands() =>
        LeaseGen.Run(churn: true).Sample(run => LeaseRunChecker.Check(run), iter: Sequences, print: r => r.ToString());
}
