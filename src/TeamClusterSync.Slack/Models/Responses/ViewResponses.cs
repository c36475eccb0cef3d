namespace TeamClusterSync.Slack.Models.Responses;

/// <summary>views.publish: the view as Slack stored it.</summary>
public sealed record PublishViewResponse : SlackResponse
{
    public SlackViewRef View { get; init; } = new();
}

/// <summary>A view's id (<c>V...</c>).</summary>
public sealed record SlackViewRef
{
    public string Id { get; init; } = "";
}
