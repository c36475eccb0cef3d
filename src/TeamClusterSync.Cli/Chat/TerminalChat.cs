using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Home;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Cli.Chat;

/// <summary>
/// The terminal front end of the command engine. Its output is a contract scripts and tests rely on: every message
/// is a block whose first line is <c>to @LOGIN:</c> or <c>to #channel:</c>, then the text, then
/// <c>attachment: FILENAME</c> when a file came with it; blocks are separated by a blank line.
/// </summary>
internal sealed partial class TerminalChat(CommandEngine engine, Terminal console, string? outDirectory, bool json = false, HomeService? home = null)
{
    /// <summary>The terminal chat over a config repo: each cluster from its own provider, commits marked <c>Source: cli</c>.</summary>
    public static TerminalChat Open(IServiceProvider services, Terminal console, string? outDirectory, bool json = false) =>
        new(services.GetRequiredService<CommandEngine>(), console, outDirectory, json, services.GetRequiredService<HomeService>());

    /// <summary>Handles one message from <paramref name="login"/> and prints the bot's answers.</summary>
    public async Task SayAsync(string login, string text, CancellationToken ct)
    {
        if (home is not null && IsHome(text))
        {
            // What the Slack Home tab shows, as text; the terminal has no tab, so it is a word of its own.
            Print(OutgoingMessage.Direct(login, HomeText.Render(await home.ViewAsync(login, ct))));
            return;
        }

        foreach (var message in await engine.HandleAsync(login, text, CommitSource.Cli, ct))
        {
            Print(message);
        }
    }

    /// <summary>A small REPL: each line is a message from the current user; <c>/as LOGIN</c> switches user.</summary>
    public async Task ReplAsync(string login, CancellationToken ct)
    {
        console.Error.WriteLine($"you are @{login}. Type `teamcluster help`; `/as LOGIN` switches user; `/quit` or Ctrl-D ends.");
        while (!ct.IsCancellationRequested)
        {
            console.Error.Write($"{login}> ");
            var line = await console.In.ReadLineAsync(ct);
            if (line is null || line.Trim() is "/quit" or "/exit")
            {
                return;
            }

            if (line.Trim().StartsWith("/as", StringComparison.Ordinal))
            {
                var next = line.Trim()[3..].Trim().TrimStart('@');
                if (IsLogin(next))
                {
                    login = next;
                }
                else
                {
                    console.Error.WriteLine("usage: /as LOGIN (a GitHub login from the team config)");
                }

                continue;
            }

            if (line.Trim().Length > 0)
            {
                await SayAsync(login, line, ct);
            }
        }
    }

    /// <summary>GitHub logins: letters, digits and single hyphens, at most 39 characters.</summary>
    public static bool IsLogin(string text) => Login().IsMatch(text);

    /// <summary><c>home</c> or <c>teamcluster home</c>, any case and spacing.</summary>
    private static bool IsHome(string text) =>
        string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToLowerInvariant()
            is "home" or CommandParser.Keyword + " home";

    private void Print(OutgoingMessage message)
    {
        if (message.Attachment is { } attachment)
        {
            Save(message.To, attachment);
        }

        if (json)
        {
            // One JSON object per line (JSON Lines), so a REPL session stays parseable line by line.
            console.Out.WriteLine(JsonSerializer.Serialize(
                new JsonMessage(message.To.ToString(), message.Text, message.Attachment?.FileName, message.Buttons?.Select(b => b.Command).ToList()),
                CliJson.Lines));
            return;
        }

        console.Out.WriteLine($"to {message.To}:");
        console.Out.WriteLine(message.Text);
        if (message.Attachment is { } file)
        {
            console.Out.WriteLine($"attachment: {file.FileName}");
        }

        console.Out.WriteLine();
    }

    private void Save(Recipient to, Attachment file)
    {
        if (outDirectory is null || to is not Recipient.User user)
        {
            return;
        }

        // Both parts are ours (a checked login, a provider's file name), but never let a name climb out of --out.
        var directory = Path.Combine(outDirectory, Path.GetFileName(user.Login));
        Directory.CreateDirectory(directory);
        if (new DirectoryInfo(directory).LinkTarget is { } target)
        {
            throw new IOException($"{directory} is a symbolic link (to {target}); a kubeconfig is not written through it, remove it and try again");
        }

        // Written aside, owner-only from the start (a kubeconfig is a credential), then renamed into place: a rename
        // replaces a link planted at the path instead of writing through it to wherever it points.
        var path = Path.Combine(directory, Path.GetFileName(file.FileName));
        var aside = Path.Combine(directory, $".{Path.GetFileName(file.FileName)}.{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(aside, new UTF8Encoding(false), options))
        {
            writer.Write(file.Content);
        }

        File.Move(aside, path, overwrite: true);
    }

    /// <summary>A message as <c>--output json</c> prints it; <c>buttons</c> are the commands a press would send.</summary>
    private sealed record JsonMessage(string To, string Text, string? Attachment, IReadOnlyList<string>? Buttons);

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")]
    private static partial Regex Login();
}
