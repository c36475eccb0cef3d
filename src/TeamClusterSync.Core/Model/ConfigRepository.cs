namespace TeamClusterSync.Core.Model;

/// <summary>The whole desired state read from a config repo: settings, teams, clusters and the identity map.</summary>
public sealed record ConfigRepository(
    Settings Settings,
    IReadOnlyList<Team> Teams,
    IReadOnlyList<Cluster> Clusters,
    IReadOnlyList<Person> People)
{
    public Team? FindTeam(string name) => Teams.FirstOrDefault(t => t.Name == name);

    public Cluster? FindCluster(string name) => Clusters.FirstOrDefault(c => c.Name == name);

    public IEnumerable<Cluster> ClustersOf(Team team) => Clusters.Where(c => c.Team == team.Name);

    public Person? FindPerson(string gitHubLogin) =>
        People.FirstOrDefault(p => string.Equals(p.GitHub, gitHubLogin, StringComparison.OrdinalIgnoreCase));
}
