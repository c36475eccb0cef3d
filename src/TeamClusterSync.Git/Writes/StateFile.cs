namespace TeamClusterSync.Git.Writes;

/// <summary>The files the bot writes under state/ in one commit, the commit message that records why, and who acted (null: the bot).</summary>
internal sealed record StateFile(IReadOnlyList<StateFileContent> Files, string Message, (string Name, string Email)? Author = null)
{
    public StateFile(string path, string content, string message, (string Name, string Email)? author = null)
        : this([new StateFileContent(path, content)], message, author)
    {
    }
}

/// <summary>One file's path under state/ and its new content.</summary>
internal sealed record StateFileContent(string Path, string Content);
