namespace TeamClusterSync.Slack.Models.Responses;

/// <summary>files.getUploadURLExternal: where to POST the bytes, and the file id to complete.</summary>
public sealed record UploadUrlResponse : SlackResponse
{
    public string UploadUrl { get; init; } = "";

    public string FileId { get; init; } = "";
}

/// <summary>files.completeUploadExternal.</summary>
public sealed record CompleteUploadResponse : SlackResponse
{
    public IReadOnlyList<SlackFileRef> Files { get; init; } = [];
}

/// <summary>A file as files.completeUploadExternal lists it.</summary>
public sealed record SlackFileRef
{
    public string Id { get; init; } = "";

    public string? Title { get; init; }
}
