using System.Text;
using TeamClusterSync.Core.Diagnostics;

namespace TeamClusterSync.Config.Tests;

/// <summary>Whatever is in the files, the loader returns diagnostics and never throws.</summary>
public sealed class RobustnessTests
{
    private const string Path = "teams/x.yaml";

    /// <summary>Characters that make the YAML parser work hardest, plus letters so keys and values appear.</summary>
    private const string YamlAlphabet = "ab:- \n\t[]{},&*!|>'\"#%@?~\\\u00e9\u2028\u0000\r";

    [Fact]
    public void Random_bytes()
    {
        var random = new Random(20240601);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            AssertReportedWithoutThrowing(bytes);
        }
    }

    [Fact]
    public void Random_yaml_punctuation()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var text = new StringBuilder("name: x\n");
            for (var n = random.Next(1, 200); n > 0; n--)
            {
                text.Append(YamlAlphabet[random.Next(YamlAlphabet.Length)]);
            }

            using var repo = new RepoFixture().Write(Path, text.ToString());
            var result = repo.Load();
            Assert.Equal(result.Diagnostics.Count == 0, result.IsValid);
        }
    }

    [Fact]
    public void Deep_flow_nesting()
    {
        var diagnostics = AssertReportedWithoutThrowing(Encoding.UTF8.GetBytes("name: x\nmembers: " + new string('[', 10_000) + new string(']', 10_000) + "\n"));
        Assert.Equal([new Diagnostic(Path, 2, 41, "nested more than 32 levels deep; config files are never this deep")], diagnostics);
    }

    [Fact]
    public void Deep_mapping_nesting()
    {
        var text = new StringBuilder("name: x\nslack: ");
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("{a: ");
        }

        text.Append('b').Append('}', 10_000);
        var diagnostics = AssertReportedWithoutThrowing(Encoding.UTF8.GetBytes(text.ToString()));
        Assert.Equal([new Diagnostic(Path, 2, 132, "nested more than 32 levels deep; config files are never this deep")], diagnostics);
    }

    [Fact]
    public void File_over_one_mebibyte_is_not_parsed()
    {
        var bytes = Encoding.UTF8.GetBytes("name: x\nmembers:\n" + string.Concat(Enumerable.Repeat("  - someone\n", 2 * 1024 * 1024 / 12)));
        var diagnostics = AssertReportedWithoutThrowing(bytes);
        Assert.Equal([new Diagnostic(Path, 1, 1, "file is larger than 1 MiB; config files are small, so this is not one")], diagnostics);
    }

    [Fact]
    public void Billion_laughs_is_not_expanded()
    {
        var text = new StringBuilder("name: x\nmembers: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append('a').Append(i).Append(": &a").Append(i).Append(" [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 9)).Append("]\n");
        }

        text.Append("admins: *a9\n");
        var diagnostics = AssertReportedWithoutThrowing(Encoding.UTF8.GetBytes(text.ToString()));
        Assert.Contains(new Diagnostic(Path, 12, 9, "anchors and aliases are not supported (*a9); write the value out in full"), diagnostics);
        Assert.Equal(1 + 9 * 11 + 1, diagnostics.Count); // &a0, then per line: unknown key, &aN, 9 aliases; then *a9.
    }

    [Fact]
    public void Empty_and_whitespace_files()
    {
        foreach (var text in new[] { "", " ", "\n\n", "---\n", "...\n", "# only a comment\n", "\uFEFF" })
        {
            var diagnostics = AssertReportedWithoutThrowing(Encoding.UTF8.GetBytes(text));
            Assert.Contains(diagnostics, d => d.Message == "missing required key 'name'");
        }
    }

    [Fact]
    public void Nul_and_control_characters()
    {
        AssertReportedWithoutThrowing([.. "name: x\nmembers: [a"u8, 0, 1, 2, .. "]\n"u8]);
    }

    [Fact]
    public void Utf8_cut_off_at_the_end()
    {
        var diagnostics = AssertReportedWithoutThrowing([.. "name: x\n"u8, 0xE2, 0x82]);
        Assert.Equal([new Diagnostic(Path, 2, 1, "file is not valid UTF-8 text (bad byte 0xE2 at offset 8)")], diagnostics);
    }

    [Fact]
    public void Every_file_kind_survives_garbage()
    {
        var random = new Random(99);
        foreach (var path in new[] { "teamclustersync.yaml", "people.yaml", "clusters/c.yaml", "teams/a.yaml" })
        {
            var bytes = new byte[300];
            random.NextBytes(bytes);
            using var repo = new RepoFixture().Write(path, bytes);
            var result = repo.Load();
            Assert.Contains(result.Diagnostics, d => d.Path == path);
            Assert.Null(result.Config);
        }
    }

    private static IReadOnlyList<Diagnostic> AssertReportedWithoutThrowing(byte[] bytes)
    {
        using var repo = new RepoFixture().Write(Path, bytes);
        var result = repo.Load();
        Assert.Null(result.Config);
        var mine = result.Diagnostics.Where(d => d.Path == Path).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
        return mine;
    }
}
