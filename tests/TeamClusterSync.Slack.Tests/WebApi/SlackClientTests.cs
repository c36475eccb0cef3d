using System.Text;
using System.Text.Json;
using TeamClusterSync.Slack.Blocks;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.WebApi;

public sealed class SlackClientTests : IAsyncLifetime
{
    private readonly HttpClient http = new();
    private SlackStandIn standIn = null!;
    private SlackClient client = null!;

    public async Task InitializeAsync()
    {
        standIn = await SlackStandIn.StartAsync();
        standIn.AddUser("U0ALICE", "alice", "alice@example.com");
        standIn.AddUser("U0BOB", "bob", "bob@example.com");
        client = SlackTestSupport.Client(standIn, http);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await standIn.DisposeAsync();
    }

    [Fact]
    public async Task AuthTest_returns_the_bot_identity_and_sends_the_bot_token()
    {
        var me = await client.AuthTestAsync();

        Assert.Equal((SlackStandIn.BotUserId, "B0STANDIN", "T0STANDIN"), (me.UserId, me.BotId, me.TeamId));
        Assert.Equal(SlackStandIn.BotToken, Assert.Single(standIn.CallsTo("auth.test")).Token);
        Assert.Matches(@"^teamclustersync/\d+\.\d+\.\d+", Assert.Single(standIn.CallsTo("auth.test")).UserAgent);
    }

    [Fact]
    public async Task Post_update_and_ephemeral_land_in_the_dm_with_their_text_and_blocks()
    {
        var dm = await client.OpenDirectMessageAsync("U0ALICE");
        var blocks = SlackBlocks.Of(
            SlackBlocks.Section("bob asks to share *team-rhcos*"),
            SlackBlocks.Actions("ping", new SlackButton("grant", "Grant", "bob", "primary"), new SlackButton("refuse", "Refuse", "bob")));

        var posted = await client.PostMessageAsync(new PostMessageRequest(dm, "bob asks to share team-rhcos", blocks));
        var updated = await client.UpdateMessageAsync(new UpdateMessageRequest(posted.Channel, posted.Ts, "Granted"));
        var ephemeralTs = await client.PostEphemeralAsync(new PostEphemeralRequest("C0TEAM", "U0BOB", "only you see this"));

        Assert.Equal("D0ALICE", dm);
        Assert.Equal((dm, posted.Ts), (updated.Channel, updated.Ts));
        var messages = standIn.Messages;
        Assert.Equal(2, messages.Count);
        Assert.Equal((dm, "Granted", 1, (string?)null), (messages[0].Channel, messages[0].Text, messages[0].Edits, messages[0].EphemeralUser));
        var buttons = JsonDocument.Parse(messages[0].Blocks!).RootElement[1].GetProperty("elements");
        Assert.Equal(["grant", "refuse"], buttons.EnumerateArray().Select(b => b.GetProperty("action_id").GetString()));
        Assert.Equal(("C0TEAM", "only you see this", "U0BOB", ephemeralTs), (messages[1].Channel, messages[1].Text, messages[1].EphemeralUser, messages[1].Ts));

        // As on Slack: an update without blocks kept the buttons above; only new blocks (here none) replace them.
        await client.UpdateMessageAsync(new UpdateMessageRequest(posted.Channel, posted.Ts, "Granted", []));
        Assert.Equal("[]", standIn.Messages[0].Blocks);
    }

    [Fact]
    public async Task Users_are_found_by_id_and_email_and_unknown_ones_are_null()
    {
        var byId = await client.GetUserAsync("U0BOB");
        var byEmail = await client.LookupByEmailAsync("alice@example.com");
        var missing = await client.LookupByEmailAsync("carol@example.com");
        var missingId = await client.GetUserAsync("U0NOBODY");

        Assert.Equal(("U0BOB", "bob", "bob@example.com"), (byId!.Id, byId.Name, byId.Profile.Email));
        Assert.Equal("U0ALICE", byEmail!.Id);
        Assert.Null(missing);
        Assert.Null(missingId);
        Assert.Equal("alice@example.com", standIn.CallsTo("users.lookupByEmail")[0].Arg("email"));
    }

    [Fact]
    public async Task Usergroups_are_created_listed_filled_disabled_and_enabled()
    {
        var group = await client.CreateUsergroupAsync(new CreateUsergroupRequest("Team RHCOS", "team-rhcos", "owners of team-rhcos"));
        var filled = await client.SetUsergroupUsersAsync(group.Id, ["U0ALICE", "U0BOB"]);
        var renamed = await client.UpdateUsergroupAsync(new UpdateUsergroupRequest(group.Id, Name: "Team RHCOS (cluster)"));
        var members = await client.ListUsergroupUsersAsync(group.Id);
        var disabled = await client.DisableUsergroupAsync(group.Id);
        var enabledOnly = await client.ListUsergroupsAsync();
        var all = await client.ListUsergroupsAsync(includeUsers: true, includeDisabled: true);
        var enabled = await client.EnableUsergroupAsync(group.Id);

        Assert.StartsWith("S", group.Id, StringComparison.Ordinal);
        Assert.Equal(["U0ALICE", "U0BOB"], filled.Users!);
        Assert.Equal(("Team RHCOS (cluster)", "team-rhcos"), (renamed.Name, renamed.Handle));
        Assert.Equal(["U0ALICE", "U0BOB"], members);
        Assert.True(disabled.IsDisabled);
        Assert.Empty(enabledOnly);
        Assert.Equal(["U0ALICE", "U0BOB"], Assert.Single(all).Users!);
        Assert.False(enabled.IsDisabled);
        Assert.Equal("U0ALICE,U0BOB", standIn.CallsTo("usergroups.users.update")[0].Arg("users"));
    }

    [Fact]
    public async Task Emptying_a_usergroup_is_refused_with_slacks_code()
    {
        var id = standIn.AddUsergroup("team-x", "Team X", ["U0ALICE"]);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.SetUsergroupUsersAsync(id, []));

        Assert.Equal(("usergroups.users.update", "no_users_provided"), (error.Method, error.Error));
    }

    [Fact]
    public async Task File_upload_takes_three_steps_and_is_shared_to_the_given_channel()
    {
        var dm = await client.OpenDirectMessageAsync("U0ALICE");
        var content = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: Config\n");

        var fileId = await client.UploadFileAsync(dm, "team-rhcos.kubeconfig", content, "Your kubeconfig for team-rhcos");

        Assert.Equal(
            ["conversations.open", "files.getUploadURLExternal", "upload", "files.completeUploadExternal"],
            standIn.Calls.Select(c => c.Method));
        var uploadStep = standIn.CallsTo("upload")[0];
        Assert.Null(uploadStep.Token);
        Assert.Equal(("team-rhcos.kubeconfig", content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (standIn.CallsTo("files.getUploadURLExternal")[0].Arg("filename"), standIn.CallsTo("files.getUploadURLExternal")[0].Arg("length")));
        var upload = Assert.Single(standIn.Uploads);
        Assert.Equal((fileId, "team-rhcos.kubeconfig", dm, "Your kubeconfig for team-rhcos"), (upload.FileId, upload.FileName, upload.ChannelId, upload.InitialComment));
        Assert.Equal(content, upload.Content);
    }

    [Fact]
    public async Task Ok_false_becomes_SlackApiException_with_code_and_method()
    {
        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync(new PostMessageRequest("DNOPE", "hi")));

        Assert.Equal(("chat.postMessage", "channel_not_found"), (error.Method, error.Error));
        Assert.Equal("Slack method chat.postMessage failed: channel_not_found", error.Message);
    }

    [Fact]
    public async Task Rate_limit_waits_retry_after_then_succeeds()
    {
        standIn.RateLimitNext("chat.postMessage", retryAfterSeconds: 1);

        var posted = await client.PostMessageAsync(new PostMessageRequest("C0TEAM", "hello"));

        var calls = standIn.CallsTo("chat.postMessage");
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1), $"retried after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
        Assert.Equal(posted.Ts, Assert.Single(standIn.Messages).Ts);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        standIn.ServerErrorNext("users.info", 503, times: 2);

        var user = await client.GetUserAsync("U0ALICE");

        Assert.Equal("alice", user!.Name);
        Assert.Equal([503, 503, 200], standIn.CallsTo("users.info").Select(c => c.Status));
    }

    [Fact]
    public async Task Retries_are_bounded()
    {
        standIn.ServerErrorNext("auth.test", 500, times: 10);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.AuthTestAsync());

        Assert.Equal("http_500", error.Error);
        Assert.Equal(4, standIn.CallsTo("auth.test").Count);
    }

    [Fact]
    public async Task Tokens_never_appear_in_exceptions_or_ToString()
    {
        var wrongToken = SlackTestSupport.Client(standIn, http, "xoxb-secret-wrong-token-99");
        standIn.ServerErrorNext("auth.test", 500, times: 10);

        var failures = new List<Exception>
        {
            await Assert.ThrowsAsync<SlackApiException>(() => wrongToken.PostMessageAsync(new PostMessageRequest("C0TEAM", "x"))),
            await Assert.ThrowsAsync<SlackApiException>(() => client.AuthTestAsync()),
        };

        Assert.Equal("invalid_auth", ((SlackApiException)failures[0]).Error);
        foreach (var text in failures.Select(f => f.ToString()).Append(client.ToString()!).Append(wrongToken.ToString()!))
        {
            Assert.DoesNotContain("xoxb-", text, StringComparison.Ordinal);
            Assert.DoesNotContain("xapp-", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Socket_mode_url_is_opened_with_the_app_token()
    {
        var url = await client.OpenSocketModeConnectionAsync();

        Assert.Equal("ws", url.Scheme);
        Assert.Equal(SlackStandIn.AppToken, Assert.Single(standIn.CallsTo("apps.connections.open")).Token);
    }
}
