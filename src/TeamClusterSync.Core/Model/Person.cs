namespace TeamClusterSync.Core.Model;

/// <summary>An entry of <c>people.yaml</c>: a GitHub login and how to find the same person in Slack.</summary>
public sealed record Person(string GitHub, string? Slack, string? Email);
