namespace TeamClusterSync.Slack.Models.Requests;

// Argument shapes of methods whose typed client method takes plain parameters.
internal sealed record NoArgs;

internal sealed record ConversationsOpenRequest(string Users);

internal sealed record UserRequest(string User);

internal sealed record EmailRequest(string Email);

internal sealed record UsergroupsListRequest(bool IncludeUsers, bool IncludeDisabled);

internal sealed record UsergroupRequest(string Usergroup);

// Users is comma-joined: Slack takes lists as comma-separated strings, in JSON bodies too.
internal sealed record UsergroupUsersUpdateRequest(string Usergroup, string Users);

internal sealed record UploadUrlRequest(string Filename, long Length);

internal sealed record CompleteUploadRequest(IReadOnlyList<UploadedFileTitle> Files, string ChannelId, string? InitialComment);

internal sealed record UploadedFileTitle(string Id, string Title);

internal sealed record ChannelsListRequest(string? Cursor, int Limit, bool ExcludeArchived);

internal sealed record ChannelRequest(string Channel);

internal sealed record PinRequest(string Channel, string Timestamp);

internal sealed record DeleteMessageRequest(string Channel, string Ts);
