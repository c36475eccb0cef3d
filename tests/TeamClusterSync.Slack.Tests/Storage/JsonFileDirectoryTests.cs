using TeamClusterSync.Slack.Storage;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Slack.Tests.Storage;

/// <summary>What the event journal and the reply outbox keep across a crash.</summary>
public sealed class JsonFileDirectoryTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-jsonfiles");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Entries_read_back_oldest_first_and_a_deleted_one_is_gone()
    {
        var files = new JsonFileDirectory<Note>(temp.Combine("d"));
        files.Write("Ev01", new Note("first"));
        File.SetLastWriteTimeUtc(temp.Combine("d", "Ev01.json"), DateTime.UtcNow.AddMinutes(-1));
        files.Write("Ev02", new Note("second"));
        files.Write("Ev03", new Note("third"));

        files.Delete("Ev03");

        Assert.Equal([("Ev01", "first"), ("Ev02", "second")], files.All().Select(f => (f.Key, f.Entry.Text)));
        Assert.DoesNotContain(Directory.GetFiles(temp.Combine("d")), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_skipped_and_kept_and_a_key_stays_inside_the_directory()
    {
        var files = new JsonFileDirectory<Note>(temp.Combine("d"));
        files.Write("../escape", new Note("kept in"));
        File.WriteAllText(temp.Combine("d", "broken.json"), "{not json");

        Assert.Equal([("___escape", "kept in")], files.All().Select(f => (f.Key, f.Entry.Text)));
        Assert.True(File.Exists(temp.Combine("d", "broken.json")));
        Assert.False(File.Exists(temp.Combine("escape.json")));
    }

    [Fact]
    public void A_directory_never_written_has_no_entries()
    {
        Assert.Empty(new JsonFileDirectory<Note>(temp.Combine("missing")).All());
    }

    private sealed record Note(string Text);
}
