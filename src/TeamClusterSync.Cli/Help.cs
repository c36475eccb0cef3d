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
}
