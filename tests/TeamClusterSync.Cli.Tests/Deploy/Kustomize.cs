using System.Diagnostics;
using System.Text.Json.Nodes;
using TeamClusterSync.Testing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace TeamClusterSync.Cli.Tests.Deploy;

/// <summary>
/// <c>kubectl kustomize</c> on a folder of <c>deploy/</c>, as an operator runs it, each rendered object as JSON so a
/// test can walk it. kubectl is part of this kind of machine (as it is of an operator's); missing, the test says so.
/// </summary>
internal static class Kustomize
{
    public static string Deploy => Path.Combine(RepoRoot.Path, "deploy");

    /// <summary>deploy/ itself and each folder under deploy/overlays.</summary>
    public static IEnumerable<string> Targets() =>
        [Deploy, .. Directory.GetDirectories(Path.Combine(Deploy, "overlays")).Order(StringComparer.Ordinal)];

    public static IReadOnlyList<JsonObject> Render(string folder)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(folder);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is needed to render deploy/ (kubectl kustomize): " + e.Message, e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                process.Kill();
                throw new TimeoutException($"kubectl kustomize {folder} did not finish within a minute");
            }

            Assert.True(process.ExitCode == 0, $"kubectl kustomize {Path.GetRelativePath(RepoRoot.Path, folder)} failed: {stderr}");
            return Objects(stdout.Result);
        }
    }

    /// <summary>Each YAML document as JSON (every scalar a string).</summary>
    public static IReadOnlyList<JsonObject> Objects(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var deserializer = new DeserializerBuilder().Build();
        var json = new SerializerBuilder().JsonCompatible().Build();
        parser.Consume<StreamStart>();
        List<JsonObject> objects = [];
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object>(parser);
            if (document is not null)
            {
                objects.Add(JsonNode.Parse(json.Serialize(document))!.AsObject());
            }
        }

        return objects;
    }

    public static JsonObject Single(IEnumerable<JsonObject> objects, string kind) =>
        Assert.Single(objects, o => (string?)o["kind"] == kind);

    /// <summary>The pod template's one container.</summary>
    public static JsonObject Container(JsonObject workload) =>
        Assert.Single(workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!.AsObject();

    public static string? Env(JsonObject container, string name) =>
        (string?)container["env"]?.AsArray().SingleOrDefault(e => (string?)e!["name"] == name)?["value"];
}
