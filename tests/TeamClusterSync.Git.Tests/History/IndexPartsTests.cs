using System.Text;
using TeamClusterSync.Git.History;

namespace TeamClusterSync.Git.Tests.History;

/// <summary>A long index is decoded in parts at once: the parts must be whole lines that, joined, are the index.</summary>
public sealed class IndexPartsTests
{
    [Theory]
    [InlineData("T\ta\n", 1)]
    [InlineData("T\ta\nS\tb\nT\tc\n", 2)]
    [InlineData("T\ta\nS\tb\nT\tc\n", 3)]
    [InlineData("T\ta\nS\tb\nT\tc\n", 8)]
    [InlineData("a very long first line that spans every part\nb\n", 4)]
    [InlineData("no newline at the end\nlast", 2)]
    [InlineData("", 3)]
    public void Parts_are_whole_lines_in_order_that_join_to_the_index(string index, int count)
    {
        var body = Encoding.UTF8.GetBytes(index);

        var parts = HistoryIndex.Parts(body, count);

        Assert.InRange(parts.Count, 1, count);
        Assert.Equal(index, string.Concat(parts.Select(p => Encoding.UTF8.GetString(p.Span))));
        Assert.All(parts.SkipLast(1), p => Assert.Equal((byte)'\n', p.Span[^1]));
    }
}
