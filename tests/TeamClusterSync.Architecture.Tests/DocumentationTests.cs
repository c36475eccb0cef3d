using System.Text.RegularExpressions;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Architecture.Tests;

/// <summary>
/// The README stays the newcomer's page (short, readable tables), and every link in it, in CONTRIBUTING.md and in
/// docs/ leads somewhere: a file or folder of this repo, and a heading of that file when it names one.
/// </summary>
public sealed partial class DocumentationTests
{
    public static TheoryData<string> Pages() =>
        [.. new[] { "README.md", "CONTRIBUTING.md" }.Concat(Directory.GetFiles(Path.Combine(RepoRoot.Path, "docs"), "*.md")
            .Select(p => Path.GetRelativePath(RepoRoot.Path, p)).Order(StringComparer.Ordinal))];

    [Fact]
    public void The_readme_is_under_250_lines_with_its_two_commands_as_they_are()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoRoot.Path, "README.md"));

        Assert.InRange(readme.Length, 1, 249);
        Assert.Contains("dotnet run --project src/TeamClusterSync.Cli -- demo", readme);
        Assert.Contains("dotnet test TeamClusterSync.sln", readme);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_link_resolves_and_every_table_row_stays_readable(string page)
    {
        var text = Prose(File.ReadAllText(Path.Combine(RepoRoot.Path, page)));
        var broken = Link().Matches(text).Select(m => m.Groups[1].Value)
            .Where(target => !target.StartsWith("http://", StringComparison.Ordinal) && !target.StartsWith("https://", StringComparison.Ordinal))
            .Where(target => Problem(page, target) is not null)
            .Select(target => $"{target}: {Problem(page, target)}");

        Assert.Empty(broken);
        Assert.All(text.Split('\n').Where(l => l.StartsWith('|')), row => Assert.True(row.Length <= 240, $"a table row of {row.Length} characters: {row[..Math.Min(60, row.Length)]}…"));
    }

    /// <summary>Why <paramref name="target"/>, linked from <paramref name="page"/>, leads nowhere; null when it resolves.</summary>
    private static string? Problem(string page, string target)
    {
        var parts = target.Split('#', 2);
        var file = parts[0].Length == 0 ? Path.Combine(RepoRoot.Path, page) : Path.GetFullPath(Path.Combine(RepoRoot.Path, Path.GetDirectoryName(page)!, parts[0]));
        if (!File.Exists(file) && !Directory.Exists(file))
        {
            return "no such file or folder";
        }

        if (parts.Length == 1)
        {
            return null;
        }

        var anchors = Heading().Matches(Prose(File.ReadAllText(file))).Select(m => Slug(m.Groups[1].Value));
        return anchors.Contains(parts[1]) ? null : $"no heading '{parts[1]}' in {Path.GetRelativePath(RepoRoot.Path, file)}";
    }

    /// <summary>The page without its fenced code blocks, where brackets and '#' are code, not links or headings.</summary>
    private static string Prose(string markdown) => Fence().Replace(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), "");

    /// <summary>The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Slug(string heading) =>
        SlugDropped().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^ *```.*?^ *```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"[^\p{L}\p{N} _-]")]
    private static partial Regex SlugDropped();
}
