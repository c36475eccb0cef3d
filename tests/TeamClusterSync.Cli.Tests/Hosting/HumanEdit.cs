using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>A person's commit to the config repo with the git CLI: clone, write, commit, rebase onto whatever the bot pushed meanwhile, push.</summary>
internal static class HumanEdit
{
    /// <returns>The pushed commit.</returns>
    public static string Commit(string origin, string work, string path, string content, string message)
    {
        if (!Directory.Exists(work))
        {
            GitCli.Run(Path.GetDirectoryName(work)!, "clone", "--quiet", origin, work);
        }

        var file = Path.Combine(work, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "commit", "--quiet", "-m", message);
        for (var attempt = 1; ; attempt++)
        {
            GitCli.Run(work, "pull", "--quiet", "--rebase");
            try
            {
                GitCli.Run(work, "push", "--quiet", "origin", "main");
                return GitCli.Run(work, "rev-parse", "HEAD").Trim();
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
            }
        }
    }
}
