using System.Text.Json.Nodes;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// The stand-in's workspace state and its Web API methods, answering with Slack's real response shapes.
/// Callers hold no lock: every method takes the workspace lock itself.
/// </summary>
internal sealed class StandInWorkspace(Func<string, Uri> uploadUrl, Func<Uri> socketUrl)
{
    public const string BotUserId = "U0STANDINBOT";
    private readonly Lock gate = new();
    private readonly Dictionary<string, StandInUser> users = [];
    private readonly List<StandInUsergroup> usergroups = [];
    private readonly Dictionary<string, string> dms = [];
    private readonly Dictionary<string, int> retired = [];
    private readonly List<PostedMessage> messages = [];
    private readonly Dictionary<string, (string Name, long Length, byte[]? Content)> pendingFiles = [];
    private readonly List<UploadedFile> uploads = [];
    private readonly Dictionary<string, string> homeViews = [];
    private readonly SortedDictionary<string, string> channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> pins = [];
    private int files;
    private int groups;

    public IReadOnlyList<PostedMessage> Messages
    {
        get { lock (gate) { return [.. messages]; } }
    }

    public IReadOnlyList<UploadedFile> Uploads
    {
        get { lock (gate) { return [.. uploads]; } }
    }

    /// <summary>The App Home view last published for each user id, as JSON text.</summary>
    public IReadOnlyDictionary<string, string> HomeViews
    {
        get { lock (gate) { return new Dictionary<string, string>(homeViews); } }
    }

    public IReadOnlyList<StandInUsergroup> Usergroups
    {
        get { lock (gate) { return [.. this.usergroups]; } }
    }

    public void AddUser(StandInUser user)
    {
        lock (gate)
        {
            this.users[user.Id] = user;
        }
    }

    public string DirectMessageChannel(string userId)
    {
        lock (gate)
        {
            return DmLocked(userId);
        }
    }

    public string AddUsergroup(string handle, string name, IReadOnlyList<string> users, bool enabled)
    {
        lock (gate)
        {
            var id = $"S{++groups:D8}";
            this.usergroups.Add(new StandInUsergroup(id, handle, name, null, users, enabled));
            return id;
        }
    }

    public bool StoreUploadBytes(string fileId, byte[] content)
    {
        lock (gate)
        {
            if (!pendingFiles.TryGetValue(fileId, out var pending))
            {
                return false;
            }

            pendingFiles[fileId] = pending with { Content = content };
            return true;
        }
    }

    /// <summary>Methods that take <c>team_id</c>, "required if org token is used" (Slack's method reference).</summary>
    private static readonly HashSet<string> TeamMethods =
    [
        "users.list", "conversations.list", "usergroups.list", "usergroups.create", "usergroups.update", "usergroups.users.list",
        "usergroups.users.update", "usergroups.enable", "usergroups.disable",
    ];

    /// <summary>The token is an org-wide app's on Enterprise Grid: the methods that take <c>team_id</c> refuse a call without it.</summary>
    public bool OrgWide { get; set; }

    /// <summary>Runs a method; the answer is the JSON body (with <c>ok</c>), or null for an unknown method.</summary>
    public JsonObject? Invoke(string method, IReadOnlyDictionary<string, string> args)
    {
        string Arg(string name) => args.TryGetValue(name, out var v) ? v : "";
        if (OrgWide && TeamMethods.Contains(method) && Arg("team_id").Length == 0)
        {
            return new JsonObject { ["ok"] = false, ["error"] = "missing_argument", ["arg"] = "team_id" }; // as Slack answers it
        }

        lock (gate)
        {
            return method switch
            {
                "auth.test" => Ok(new()
                {
                    ["url"] = "https://standin.slack.invalid/",
                    ["team"] = "Stand-in",
                    ["user"] = "cluster-bot",
                    ["team_id"] = SlackStandIn.TeamId,
                    ["user_id"] = BotUserId,
                    ["bot_id"] = "B0STANDIN",
                }),
                "apps.connections.open" => Ok(new() { ["url"] = socketUrl().AbsoluteUri }),
                "chat.postMessage" => PostMessage(Arg("channel"), Arg("text"), args, null),
                "chat.postEphemeral" => this.users.ContainsKey(Arg("user"))
                    ? PostEphemeral(Arg("channel"), Arg("user"), Arg("text"), args)
                    : Error("user_not_found"),
                "chat.update" => Update(Arg("channel"), Arg("ts"), Arg("text"), args),
                "chat.delete" => Delete(Arg("channel"), Arg("ts")),
                "conversations.list" => ListChannels(args.GetValueOrDefault("cursor"), args.GetValueOrDefault("limit")),
                "pins.add" => Pin(Arg("channel"), Arg("timestamp")),
                "pins.list" => ListPins(Arg("channel")),
                "views.publish" => PublishView(Arg("user_id"), Arg("view")),
                "conversations.open" => OpenConversation(Arg("users"), Arg("channel")),
                "users.info" => this.users.TryGetValue(Arg("user"), out var u) ? Ok(new() { ["user"] = UserJson(u) }) : Error("user_not_found"),
                "users.lookupByEmail" => this.users.Values.FirstOrDefault(x => string.Equals(x.Email, Arg("email"), StringComparison.OrdinalIgnoreCase)) is { } byMail
                    ? Ok(new() { ["user"] = UserJson(byMail) })
                    : Error("users_not_found"),
                "users.list" => ListUsers(args.GetValueOrDefault("cursor"), args.GetValueOrDefault("limit")),
                "usergroups.list" => Ok(new()
                {
                    ["usergroups"] = new JsonArray([.. this.usergroups
                        .Where(g => g.Enabled || Arg("include_disabled") == "true")
                        .Select(g => GroupJson(g, Arg("include_users") == "true"))]),
                }),
                "usergroups.create" => CreateGroup(Arg("name"), Arg("handle"), args.GetValueOrDefault("description")),
                "usergroups.update" => ChangeGroup(Arg("usergroup"), g => g with
                {
                    Name = args.GetValueOrDefault("name") ?? g.Name,
                    Handle = args.GetValueOrDefault("handle") ?? g.Handle,
                    Description = args.GetValueOrDefault("description") ?? g.Description,
                }),
                "usergroups.users.list" => Group(Arg("usergroup")) is { } listed
                    ? Ok(new() { ["users"] = new JsonArray([.. listed.Users.Select(x => (JsonNode)x)]) })
                    : Error("no_such_subteam"),
                "usergroups.users.update" => SetGroupUsers(Arg("usergroup"), Arg("users")),
                "usergroups.enable" => ChangeGroup(Arg("usergroup"), g => g with { Enabled = true }),
                "usergroups.disable" => ChangeGroup(Arg("usergroup"), g => g with { Enabled = false }),
                "files.getUploadURLExternal" => GetUploadUrl(Arg("filename"), Arg("length")),
                "files.completeUploadExternal" => CompleteUpload(Arg("files"), Arg("channel_id"), args.GetValueOrDefault("initial_comment")),
                _ => null,
            };
        }
    }

    public static JsonObject Ok(JsonObject fields)
    {
        var body = new JsonObject { ["ok"] = true };
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            body[key] = value;
        }

        return body;
    }

    public static JsonObject Error(string code) => new() { ["ok"] = false, ["error"] = code };

    /// <summary>An error with Slack's details: <c>response_metadata.messages</c>, one line per problem.</summary>
    public static JsonObject Error(string code, IEnumerable<string> messages) => new()
    {
        ["ok"] = false,
        ["error"] = code,
        ["response_metadata"] = new JsonObject { ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)m)]) },
    };

    /// <summary>
    /// A message's <c>blocks</c> past Block Kit's limits (see <see cref="StandInBlockKit"/>): <c>invalid_blocks</c> with the
    /// messages naming each problem. <c>[]</c> is valid (it clears a message's blocks in chat.update).
    /// </summary>
    private static JsonObject? InvalidBlocks(IReadOnlyDictionary<string, string> args) =>
        args.GetValueOrDefault("blocks") is { } blocks && StandInBlockKit.Check(JsonNode.Parse(blocks), StandInBlockKit.MessageBlocks) is { Count: > 0 } errors
            ? Error("invalid_blocks", errors)
            : null;

    private string DmLocked(string userId)
    {
        if (!dms.TryGetValue(userId, out var channel))
        {
            var retired = this.retired.GetValueOrDefault(userId);
            channel = "D" + userId.TrimStart('U') + (retired == 0 ? "" : $"R{retired}");
            dms[userId] = channel;
        }

        return channel;
    }

    /// <summary>
    /// The bot's DM with a user is gone (as after a workspace migration): posts to its id answer <c>channel_not_found</c>,
    /// and the next conversations.open gives a new id.
    /// </summary>
    public void RetireDirectMessage(string userId)
    {
        lock (gate)
        {
            dms.Remove(userId);
            retired[userId] = retired.GetValueOrDefault(userId) + 1;
        }
    }

    /// <summary>
    /// conversations.open as Slack documents it: <c>users</c> (one id: a DM; at most 8) or <c>channel</c> (an open DM to
    /// resume). A deactivated user is <c>user_disabled</c>, an unknown one <c>user_not_found</c>.
    /// </summary>
    private JsonObject OpenConversation(string users, string channel)
    {
        var ids = users.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (ids, channel) switch
        {
            ([], "") => Error("users_list_not_supplied"),
            ([], _) => dms.ContainsValue(channel) ? DirectMessage(channel) : Error("channel_not_found"),
            ({ Length: > 8 }, _) => Error("too_many_users"),
            ({ Length: > 1 }, _) => Error("method_not_supported_for_channel_type"), // group DMs: the stand-in has none
            _ when !this.users.ContainsKey(ids[0]) => Error("user_not_found"),
            _ when this.users[ids[0]].Deleted => Error("user_disabled"),
            _ => DirectMessage(DmLocked(ids[0])),
        };
    }

    private static JsonObject DirectMessage(string channel) => Ok(new() { ["channel"] = new JsonObject { ["id"] = channel } });

    /// <summary>The ts of the messages pinned in a channel, in the order they were pinned.</summary>
    public IReadOnlyList<string> PinnedIn(string channelId)
    {
        lock (gate)
        {
            return [.. pins.GetValueOrDefault(channelId) ?? []];
        }
    }

    /// <summary>A public channel of that name exists (channels are also made by the first post to <c>#name</c>).</summary>
    public void AddChannel(string name)
    {
        lock (gate)
        {
            channels[name] = ChannelId(name);
        }
    }

    /// <summary>The id a public channel has, e.g. <c>C0TEAMRHCOS</c> for <c>team-rhcos</c>.</summary>
    public static string ChannelId(string name) => "C0" + name.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>
    /// C/G channels always exist; D channels only once opened; a user id posts to that user's DM; <c>#name</c> is the
    /// public channel of that name, as on Slack.
    /// </summary>
    private string? ResolveChannel(string channel) => channel switch
    {
        _ when channel.StartsWith('#') && channel.Length > 1 => channels[channel[1..]] = ChannelId(channel[1..]),
        _ when channel.StartsWith('C') || channel.StartsWith('G') => channel,
        _ when channel.StartsWith('D') && dms.ContainsValue(channel) => channel,
        _ when channel.StartsWith('U') && this.users.ContainsKey(channel) => DmLocked(channel),
        _ => null,
    };

    private JsonObject PostMessage(string channel, string text, IReadOnlyDictionary<string, string> args, string? ephemeralUser)
    {
        if (ResolveChannel(channel) is not { } resolved)
        {
            return Error("channel_not_found");
        }

        if (text.Length == 0 && !args.ContainsKey("blocks"))
        {
            return Error("no_text");
        }

        // Slack's limits: 40,000 characters of text, 3,000 in a section block.
        if (text.Length > 40_000)
        {
            return Error("msg_too_long");
        }

        if (InvalidBlocks(args) is { } invalid)
        {
            return invalid;
        }

        var ts = SlackPayloads.NewTs();
        messages.Add(new PostedMessage(resolved, ts, text, args.GetValueOrDefault("blocks"), args.GetValueOrDefault("thread_ts"), ephemeralUser, 0));
        return Ok(new()
        {
            ["channel"] = resolved,
            ["ts"] = ts,
            ["message"] = new JsonObject { ["type"] = "message", ["text"] = text, ["user"] = BotUserId, ["bot_id"] = "B0STANDIN", ["ts"] = ts },
        });
    }

    private JsonObject PostEphemeral(string channel, string user, string text, IReadOnlyDictionary<string, string> args)
    {
        var posted = PostMessage(channel, text, args, user);
        return posted["ok"]!.GetValue<bool>() ? Ok(new() { ["message_ts"] = posted["ts"]!.GetValue<string>() }) : posted;
    }

    private JsonObject Update(string channel, string ts, string text, IReadOnlyDictionary<string, string> args)
    {
        var index = messages.FindIndex(m => m.Channel == channel && m.Ts == ts && m.EphemeralUser is null);
        if (index < 0)
        {
            return ResolveChannel(channel) is null ? Error("channel_not_found") : Error("message_not_found");
        }

        if (InvalidBlocks(args) is { } invalid)
        {
            return invalid;
        }

        var old = messages[index];
        messages[index] = old with { Text = text, Blocks = args.GetValueOrDefault("blocks") ?? old.Blocks, Edits = old.Edits + 1 };
        return Ok(new() { ["channel"] = channel, ["ts"] = ts, ["text"] = text });
    }

    /// <summary>chat.delete: the bot may delete only its own messages (all the stand-in holds are).</summary>
    private JsonObject Delete(string channel, string ts)
    {
        if (messages.RemoveAll(m => m.Channel == channel && m.Ts == ts && m.EphemeralUser is null) == 0)
        {
            return ResolveChannel(channel) is null ? Error("channel_not_found") : Error("message_not_found");
        }

        pins.GetValueOrDefault(channel)?.Remove(ts);
        return Ok(new() { ["channel"] = channel, ["ts"] = ts });
    }

    /// <summary>conversations.list as Slack pages it: <c>limit</c> channels (default 100, at most 1000), then a cursor.</summary>
    private JsonObject ListChannels(string? cursor, string? limit)
    {
        var size = Math.Clamp(int.TryParse(limit, System.Globalization.CultureInfo.InvariantCulture, out var l) && l > 0 ? l : 100, 1, 1000);
        var offset = string.IsNullOrEmpty(cursor) ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var next = offset + size < channels.Count ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return Ok(new()
        {
            ["channels"] = new JsonArray([.. channels.Skip(offset).Take(size).Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Value,
                ["name"] = c.Key,
                ["is_channel"] = true,
                ["is_private"] = false,
                ["is_archived"] = false,
                ["is_member"] = true,
            })]),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }

    /// <summary>pins.add: a channel id (not a name) and the ts of a message in it, pinned once.</summary>
    private JsonObject Pin(string channel, string ts)
    {
        if (!channel.StartsWith('C') && !channel.StartsWith('G'))
        {
            return Error("channel_not_found");
        }

        if (!messages.Any(m => m.Channel == channel && m.Ts == ts && m.EphemeralUser is null))
        {
            return Error("message_not_found");
        }

        var list = pins.TryGetValue(channel, out var existing) ? existing : pins[channel] = [];
        if (list.Contains(ts))
        {
            return Error("already_pinned");
        }

        list.Add(ts);
        return Ok([]);
    }

    /// <summary>pins.list: the channel's pinned messages, newest pin first, each with its text and blocks.</summary>
    private JsonObject ListPins(string channel)
    {
        if (!channel.StartsWith('C') && !channel.StartsWith('G'))
        {
            return Error("channel_not_found");
        }

        var items = (pins.GetValueOrDefault(channel) ?? []).AsEnumerable().Reverse()
            .Select(ts => messages.Single(m => m.Channel == channel && m.Ts == ts))
            .Select(m => (JsonNode)new JsonObject
            {
                ["type"] = "message",
                ["channel"] = channel,
                ["created_by"] = BotUserId,
                ["message"] = new JsonObject
                {
                    ["type"] = "message",
                    ["ts"] = m.Ts,
                    ["text"] = m.Text,
                    ["user"] = BotUserId,
                    ["bot_id"] = "B0STANDIN",
                    ["blocks"] = m.Blocks is null ? null : JsonNode.Parse(m.Blocks),
                },
            });
        return Ok(new() { ["items"] = new JsonArray([.. items]) });
    }

    private JsonObject PublishView(string userId, string view)
    {
        if (!this.users.ContainsKey(userId))
        {
            return Error("user_not_found");
        }

        if (JsonNode.Parse(view) is not JsonObject parsed || parsed["type"]?.GetValue<string>() != "home")
        {
            return Error("invalid_arguments");
        }

        if (StandInBlockKit.Check(parsed["blocks"], StandInBlockKit.ViewBlocks, "/view/blocks") is { Count: > 0 } errors)
        {
            return Error("invalid_blocks", errors);
        }

        homeViews[userId] = view;
        parsed["id"] = "V" + userId;
        return Ok(new() { ["view"] = parsed });
    }

    private StandInUsergroup? Group(string id) => this.usergroups.Find(g => g.Id == id);

    private JsonObject CreateGroup(string name, string handle, string? description)
    {
        if (name.Length == 0)
        {
            return Error("invalid_name");
        }

        if (this.usergroups.Any(g => g.Name == name || g.Handle == handle))
        {
            return Error(this.usergroups.Any(g => g.Name == name) ? "name_already_exists" : "handle_already_exists");
        }

        var group = new StandInUsergroup($"S{++groups:D8}", handle, name, description, [], true);
        this.usergroups.Add(group);
        return Ok(new() { ["usergroup"] = GroupJson(group, includeUsers: true) });
    }

    private JsonObject ChangeGroup(string id, Func<StandInUsergroup, StandInUsergroup> change)
    {
        var index = this.usergroups.FindIndex(g => g.Id == id);
        if (index < 0)
        {
            return Error("no_such_subteam");
        }

        this.usergroups[index] = change(this.usergroups[index]);
        return Ok(new() { ["usergroup"] = GroupJson(this.usergroups[index], includeUsers: true) });
    }

    private JsonObject SetGroupUsers(string id, string users)
    {
        var ids = users.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return Error("no_users_provided");
        }

        return ids.All(this.users.ContainsKey) ? ChangeGroup(id, g => g with { Users = ids }) : Error("invalid_users");
    }

    private JsonObject GetUploadUrl(string fileName, string length)
    {
        if (fileName.Length == 0 || !long.TryParse(length, out var bytes) || bytes <= 0)
        {
            return Error("invalid_arguments");
        }

        var id = $"F{++this.files:D8}";
        pendingFiles[id] = (fileName, bytes, null);
        return Ok(new() { ["upload_url"] = uploadUrl(id).AbsoluteUri, ["file_id"] = id });
    }

    private JsonObject CompleteUpload(string filesJson, string channelId, string? initialComment)
    {
        if (ResolveChannel(channelId) is not { } channel)
        {
            return Error("channel_not_found");
        }

        var files = JsonNode.Parse(filesJson.Length > 0 ? filesJson : "[]")!.AsArray();
        var done = new JsonArray();
        foreach (var file in files)
        {
            var id = (string)file!["id"]!;
            if (!pendingFiles.Remove(id, out var pending) || pending.Content is null || pending.Content.Length != pending.Length)
            {
                return Error("file_not_found");
            }

            var title = (string?)file["title"] ?? pending.Name;
            uploads.Add(new UploadedFile(id, pending.Name, title, pending.Content, channel, initialComment));
            done.Add(new JsonObject { ["id"] = id, ["title"] = title });
        }

        return Ok(new() { ["files"] = done });
    }

    /// <summary>users.list as Slack pages it: <c>limit</c> users (default 100, at most 1000), then a base64 cursor, "" at the end.</summary>
    private JsonObject ListUsers(string? cursor, string? limit)
    {
        var size = Math.Clamp(int.TryParse(limit, System.Globalization.CultureInfo.InvariantCulture, out var l) && l > 0 ? l : 100, 1, 1000);
        var offset = string.IsNullOrEmpty(cursor) ? 0 : int.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor))[7..], System.Globalization.CultureInfo.InvariantCulture);
        var all = this.users.Values.OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        var next = offset + size < all.Count ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"offset:{offset + size}")) : "";
        return Ok(new()
        {
            ["members"] = new JsonArray([.. all.Skip(offset).Take(size).Select(u => (JsonNode)UserJson(u))]),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }

    private static JsonObject UserJson(StandInUser user) => new()
    {
        ["id"] = user.Id,
        ["team_id"] = user.TeamId,
        ["name"] = user.Name,
        ["deleted"] = user.Deleted,
        ["is_bot"] = user.IsBot,
        ["is_restricted"] = user.IsGuest,
        ["is_ultra_restricted"] = false,
        ["is_stranger"] = user.IsStranger,
        ["is_email_confirmed"] = user.EmailConfirmed,
        ["profile"] = new JsonObject { ["email"] = user.Email, ["display_name"] = user.Name, ["real_name"] = user.Name },
    };

    private static JsonObject GroupJson(StandInUsergroup group, bool includeUsers)
    {
        var json = new JsonObject
        {
            ["id"] = group.Id,
            ["team_id"] = "T0STANDIN",
            ["is_usergroup"] = true,
            ["name"] = group.Name,
            ["handle"] = group.Handle,
            ["description"] = group.Description ?? "",
            ["date_delete"] = group.Enabled ? 0 : 1_700_000_000,
            ["user_count"] = group.Users.Count,
        };
        if (includeUsers)
        {
            json["users"] = new JsonArray([.. group.Users.Select(u => (JsonNode)u)]);
        }

        return json;
    }
}
