using System.Text;

namespace TeamClusterSync.Cli;

internal static class Help
{
    public static string Overview(IEnumerable<ICliCommand> commands)
    {
        var text = new StringBuilder()
            .AppendLine("teamclustersync: share team clusters through chat, with leases kept in a git config repo.")
            .AppendLine()
            .AppendLine("usage: teamclustersync COMMAND [OPTIONS]")
            .AppendLine()
            .AppendLine("commands:");
        foreach (var c in commands)
        {
            text.AppendLine($"  {c.Name,-10} {c.Summary}");
        }

        return text
            .AppendLine()
            .AppendLine("Run 'teamclustersync help COMMAND' or 'teamclustersync COMMAND --help' for a command's options.")
            .AppendLine("Exit codes: 0 success, 1 the command failed or found problems, 2 usage error.")
            .ToString();
    }

    /// <summary>The command <paramref name="typed"/> most likely meant: at most two letters off (a typo, not another word).</summary>
    public static string? Nearest(string typed, IEnumerable<string> names) =>
        names.Select(n => (Name: n, Distance: Distance(typed.ToLowerInvariant(), n))).Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance).Select(c => c.Name).FirstOrDefault();

    public static string For(ICliCommand command)
    {
        var text = new StringBuilder()
            .AppendLine($"usage: {command.Usage}")
            .AppendLine()
            .AppendLine(command.Summary);
        if (command.Details.Length > 0)
        {
            text.AppendLine().AppendLine(command.Details.TrimEnd());
        }

        if (command.Options.Count > 0)
        {
            text.AppendLine().AppendLine("options:");
            foreach (var o in command.Options)
            {
                var synopsis = o.Value is null ? $"--{o.Name}" : $"--{o.Name} {o.Value}";
                text.AppendLine($"  {synopsis,-24} {o.Description}");
            }
        }

        return text.ToString();
    }

    /// <summary>Edits (insert, delete, replace, swap two neighbours) from one word to the other.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
