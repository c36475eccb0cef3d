using System.Text.Json.Nodes;

namespace TeamClusterSync.Slack.Models.Requests;

/// <summary>views.publish: <paramref name="View"/> (<c>type: home</c>) becomes the App Home tab of <paramref name="UserId"/>.</summary>
public sealed record PublishViewRequest(string UserId, JsonObject View);
