namespace TeamClusterSync.Slack.Models.Requests;

/// <summary>usergroups.create.</summary>
public sealed record CreateUsergroupRequest(string Name, string Handle, string? Description = null);

/// <summary>usergroups.update: null fields are left as they are.</summary>
public sealed record UpdateUsergroupRequest(string Usergroup, string? Name = null, string? Handle = null, string? Description = null);
