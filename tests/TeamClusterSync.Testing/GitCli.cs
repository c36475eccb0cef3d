using System.Diagnostics;

namespace TeamClusterSync.Testing;

/// <summary>The real <c>git</c> command line, as a human would use it in tests.</summary>
public static class GitCli
{
    /// <summary>Runs git in <paramref name="workDir"/> and returns its standard output; throws on a non-zero exit.</summary>
    public static string Run(string workDir, params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_AUTHOR_NAME"] = "Human Tester";
        info.Environment["GIT_AUTHOR_EMAIL"] = "human@example.com";
        info.Environment["GIT_COMMITTER_NAME"] = "Human Tester";
        info.Environment["GIT_COMMITTER_EMAIL"] = "human@example.com";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
        }

        return stdout.Result;
    }

    /// <summary>Creates a bare repo at <paramref name="bareDir"/> whose <c>main</c> holds a copy of <paramref name="seedDir"/>.</summary>
    public static void CreateOrigin(string bareDir, string seedDir)
    {
        Directory.CreateDirectory(bareDir);
        Run(bareDir, "init", "--bare", "--initial-branch=main", "--quiet");
        var work = bareDir + ".seed";
        CopyDirectory(seedDir, work);
        Run(work, "init", "--initial-branch=main", "--quiet");
        Run(work, "add", "-A");
        Run(work, "commit", "--quiet", "-m", "seed config");
        Run(work, "push", "--quiet", bareDir, "main");
        Directory.Delete(work, recursive: true);
    }

    /// <summary>Installs an executable hook (e.g. <c>pre-receive</c>) in a bare repo, as a server would run it.</summary>
    public static void InstallHook(string bareDir, string name, string script)
    {
        var hook = Path.Combine(bareDir, "hooks", name);
        File.WriteAllText(hook, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
