namespace TeamClusterSync.App.Chat;

/// <summary>What the bot says when asked for help or when it did not understand.</summary>
public static class HelpText
{
    public const string Full = """
        teamcluster commands:
          teamcluster request [CLUSTER]      take your team's cluster (read-write) if it is free
          teamcluster request ro [CLUSTER]   read-only credentials at once; the holder is told
          teamcluster request [ro] 4.16      a free one of your teams' clusters of that OpenShift version
                                             (read-only: also other teams' clusters open to you)
          teamcluster ping [CLUSTER]         ask the holders to share the cluster (or hand it over, when full)
          yes [@user]                        (holder) share the cluster, or hand it over when it is full
          no [@user] <reason>                (holder) refuse, telling them why
                                             (name the @user when several people are waiting)
          teamcluster done [CLUSTER]         give the cluster back
          teamcluster extend [DURATION] [CLUSTER]
                                             add time to your lease: `teamcluster extend 2h` adds 2 hours to
                                             its end (it runs at most the cluster's lease length from now;
                                             without DURATION, that long from now)
          teamcluster auth [CLUSTER]         a fresh kubeconfig for what you hold
          teamcluster wait [CLUSTER]         get in line: when the cluster is free, the first in line is
                                             offered it for a while (15 minutes unless the cluster says)
                                             (no CLUSTER, your teams having several: the line of each; the
                                             first of them free is offered to you, and you leave the others)
          teamcluster leave [CLUSTER]        get out of the line
          teamcluster restore [CLUSTER]      put back a cluster left dirty (CVO scaled up, overrides cleared)
          teamcluster keep [CLUSTER]         keep a dirty cluster as it is
          teamcluster status [CLUSTER]       who holds what, until when, who is in line
          teamcluster history [CLUSTER]      the latest lease changes, from git
          teamcluster report [CLUSTER]       the last week's usage of your teams' clusters, from git
          teamcluster whoami                 your login, your teams and why, your clusters, what you hold
          teamcluster home                   your teams' clusters at a glance (in Slack: the bot's Home tab)
          teamcluster help                   this list
        team admins and global admins only (each is a commit in your name, with your reason):
          teamcluster reclaim CLUSTER <reason>
                                             take the cluster back from everyone who holds, reads or asked
                                             for it; they are told it was you and why, the line is offered it
          teamcluster pause CLUSTER <reason> no new access until resumed; requests hear your reason, the
                                             line is kept
          teamcluster resume CLUSTER         end a pause
          teamcluster reprovision CLUSTER [now] <reason>
                                             rebuild the cluster as its schedule would, once nobody holds or
                                             reads it; `now` takes it back from everyone first
        Without CLUSTER, `request` and `request ro` take one of your teams' clusters that is free: one you
        already have, else one offered to you, else the one you released last, else the least recently
        provisioned; when none is free, each is named with how to get in its line (or in all of them at
        once). Other commands need CLUSTER only when it is not clear which one you mean.
        """;

    public static string Brief(string problem) =>
        $"Sorry, {problem}. Try `teamcluster request`, `teamcluster ping`, `teamcluster done`, or `teamcluster help` for the full list.";
}
