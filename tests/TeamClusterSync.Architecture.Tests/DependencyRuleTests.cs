using System.Reflection;
using System.Xml.Linq;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Architecture.Tests;

/// <summary>
/// The dependency rule of DESIGN.md: <c>Core &lt;- Config &lt;- App &lt;- {Git, Slack, GitHub, Kubernetes, Providers} &lt;- Cli</c>,
/// and no adapter references another. Checked twice: on the compiled assemblies (what the code really uses) and on
/// the project files (what a change could start using without anyone noticing).
/// </summary>
public sealed class DependencyRuleTests
{
    private const string Prefix = "TeamClusterSync.";

    /// <summary>Each project and the projects it may reference; the host (Cli) may reference everything.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Core"] = [],
        ["Config"] = ["Core"],
        ["App"] = ["Core", "Config"],
        ["Git"] = ["Core", "Config", "App"],
        ["Slack"] = ["Core", "Config", "App"],
        ["GitHub"] = ["Core", "Config", "App"],
        ["Kubernetes"] = ["Core", "Config", "App"],
        ["Providers"] = ["Core", "Config", "App"],
    };

    /// <summary>Packages that do I/O or tie code to one outside system: the pure core and the app use none of them.</summary>
    private static readonly string[] AdapterPackages = ["LibGit2Sharp", "Octokit", "KubernetesClient", "Quartz", "Polly.Core", "Microsoft.AspNetCore"];

    public static TheoryData<string> Projects => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Compiled_references_follow_the_rule(string project)
    {
        var referenced = Assembly.Load(Prefix + project).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..]);

        Assert.Empty(referenced.Except(Allowed[project]));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_references_follow_the_rule(string project)
    {
        var file = XDocument.Load(Path.Combine(RepoRoot.Path, "src", Prefix + project, $"{Prefix}{project}.csproj"));
        var referenced = file.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)[Prefix.Length..]);

        Assert.Empty(referenced.Except(Allowed[project]));
    }

    /// <summary>Config may use Quartz, for its cron syntax only (the schedules are Quartz cron expressions).</summary>
    [Theory]
    [InlineData("Core", new string[0])]
    [InlineData("Config", new[] { "Quartz" })]
    [InlineData("App", new string[0])]
    public void The_core_and_the_app_use_no_adapter_package(string project, string[] except)
    {
        var referenced = Assembly.Load(Prefix + project).GetReferencedAssemblies().Select(a => a.Name!).Except(except);

        Assert.DoesNotContain(referenced, n => AdapterPackages.Any(p => n.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_core_references_only_the_base_library_and_no_network_or_process()
    {
        var referenced = Assembly.Load(Prefix + "Core").GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(referenced, name => Assert.StartsWith("System.", name, StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, n => n.StartsWith("System.Net", StringComparison.Ordinal) || n == "System.Diagnostics.Process");
    }

    [Fact]
    public void Every_source_project_is_covered_by_the_rule()
    {
        var projects = Directory.GetDirectories(Path.Combine(RepoRoot.Path, "src"))
            .Select(d => Path.GetFileName(d)[Prefix.Length..])
            .Where(p => p != "Cli");

        Assert.Equal(projects.Order(StringComparer.Ordinal), Allowed.Keys.Order(StringComparer.Ordinal));
    }
}
