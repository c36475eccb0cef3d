namespace TeamClusterSync.App.Chat;

/// <summary>What the bot says when asked for help or when it did not understand.</summary>
public static class HelpText
{
    public const string Full = """
        teamcluster commands:
          teamcluster request [CLUSTER]      take your team's cluster (read-write) if it is free
          teamcluster request ro [CLUSTER]   read-only credentials at once; the holder is told
          teamcluster ping [CLUSTER]         ask the holder to share the cluster with you
          yes [@user]                        (holder) share the cluster with whoever pinged you
          no [@user] <reason>                (holder) refuse, telling them why
          teamcluster done [CLUSTER]         give the cluster back
          teamcluster extend [DURATION]      keep it longer, e.g. `teamcluster extend 2h`
          teamcluster status [CLUSTER]       who holds what, until when
          teamcluster history [CLUSTER]      the latest lease changes, from git
          teamcluster help                   this list
        CLUSTER is only needed when your team has more than one cluster.
        """;

    public static string Brief(string problem) =>
        $"Sorry, {problem}. Try `teamcluster request`, `teamcluster ping`, `teamcluster done`, or `teamcluster help` for the full list.";
}
