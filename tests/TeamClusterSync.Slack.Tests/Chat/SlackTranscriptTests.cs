using System.Text.Json.Nodes;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Chat;

/// <summary>The request's conversation through Slack Socket Mode: same words as the terminal, files only in DMs.</summary>
public sealed class SlackTranscriptTests : IAsyncLifetime
{
    private SlackChatFixture bot = null!;

    public async Task InitializeAsync() => bot = await SlackChatFixture.StartAsync();

    public async Task DisposeAsync() => await bot.DisposeAsync();

    [Fact]
    public async Task The_requests_transcript_reads_the_same_in_Slack_as_in_the_terminal()
    {
        Assert.Equal(RequestTranscript.Approved, await ReplayAsync(RequestTranscript.Conversation));
        AssertKubeconfigsWentOnlyToTheirOwnersDms();
        Assert.Equal(
            "team-rhcos is free (checked clean): use `teamcluster request` to take it",
            Assert.Single(bot.StandIn.Messages, m => m.Channel == SlackStandIn.ChannelId("team-rhcos") && !StandInTranscript.IsStatusMessage(m)).Text);
        Assert.Equal(9, bot.Subjects().Count);
        Assert.Equal(
            Enumerable.Repeat("slack", 9),
            GitCli.Run(bot.Origin, "log", "--format=%(trailers:key=Source,valueonly,separator=)", "--", "state/leases/team-rhcos.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_handover_on_team_mco_reads_the_same_in_Slack_as_in_the_terminal()
    {
        Assert.Equal(RequestTranscript.HandoverApproved, await ReplayAsync(RequestTranscript.Handover));
        Assert.Equal("lease: @sinnykumari handed team-mco over to @yuqi-zhang", bot.Subjects("state/leases/team-mco.yaml")[2]);
    }

    [Fact]
    public async Task The_holder_of_a_full_cluster_is_offered_only_answers_that_work_and_hands_over_with_the_button()
    {
        await bot.SayAsync("sinnykumari", "teamcluster request");
        await bot.SayAsync("yuqi-zhang", "teamcluster ping");
        var question = bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("sinnykumari"));
        Assert.Contains("\"text\":\"Hand over\"", question.Blocks, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"yes @yuqi-zhang\"", question.Blocks, StringComparison.Ordinal);
        Assert.DoesNotContain("Grant", question.Blocks, StringComparison.Ordinal);

        await bot.StandIn.SendBlockActionAsync(SlackChatFixture.People["sinnykumari"], bot.Dm("sinnykumari"), question.Ts, "teamcluster-answer-0", "yes @yuqi-zhang");
        await bot.HandledAsync();

        var upload = bot.StandIn.Uploads[^1];
        Assert.Equal((bot.Dm("yuqi-zhang"), "kubeconfig-team-mco.yaml"), (upload.ChannelId, upload.FileName));
        Assert.Equal("lease: @sinnykumari handed team-mco over to @yuqi-zhang", bot.Subjects("state/leases/team-mco.yaml")[^1]);
        Assert.Equal(
            "you handed team-mco over to @yuqi-zhang; your access to it ended",
            bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("sinnykumari") && m.Ts != question.Ts).Text);
    }

    [Fact]
    public async Task A_holder_who_left_the_cluster_dirty_restores_it_with_the_button()
    {
        await bot.SayAsync("sinnykumari", "teamcluster request");
        await bot.SayAsync("sinnykumari", "teamcluster done");
        var report = bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("sinnykumari"));
        Assert.Contains("\"value\":\"teamcluster restore team-mco\"", report.Blocks, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"teamcluster keep team-mco\"", report.Blocks, StringComparison.Ordinal);

        await bot.StandIn.SendBlockActionAsync(SlackChatFixture.People["sinnykumari"], bot.Dm("sinnykumari"), report.Ts, "teamcluster-answer-0", "teamcluster restore team-mco");
        await bot.HandledAsync();

        Assert.Equal("cluster: team-mco restored by @sinnykumari", bot.Subjects("state/clusters/team-mco.yaml")[^1]);
        Assert.Equal(
            "team-mco was restored by @sinnykumari and is clean again",
            bot.StandIn.Messages.Last(m => m.Channel == SlackStandIn.ChannelId("team-mco") && !StandInTranscript.IsStatusMessage(m)).Text);
    }

    [Fact]
    public async Task Request_then_done_sent_at_once_are_answered_in_order_kubeconfig_first()
    {
        for (var round = 0; round < 5; round++)
        {
            var from = bot.StandIn.Calls.Count;
            await bot.StandIn.SendMessageAsync(SlackChatFixture.People["miabbott"], bot.Dm("miabbott"), "teamcluster request");
            await bot.StandIn.SendMessageAsync(SlackChatFixture.People["miabbott"], bot.Dm("miabbott"), "teamcluster done");
            await bot.HandledAsync();
            await bot.HandledAsync();

            var rendered = bot.Rendered(from);
            var kubeconfig = rendered.IndexOf("attachment: kubeconfig-team-rhcos.yaml", StringComparison.Ordinal);
            var released = rendered.IndexOf("you released team-rhcos", StringComparison.Ordinal);
            Assert.True(kubeconfig >= 0 && released > kubeconfig, rendered);
        }

        Assert.Equal(10, bot.Subjects().Count);
        Assert.DoesNotContain("user: miabbott", GitCli.Run(bot.Origin, "show", "main:state/leases/team-rhcos.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_with_a_100_kb_reason_still_reaches_the_requester_cut_to_fit()
    {
        await bot.SayAsync("miabbott", "teamcluster request");
        await bot.SayAsync("cgwalters", "teamcluster ping");
        var log = string.Concat(Enumerable.Repeat("E1128 kubelet <pod> failed & retried\n", 2800));

        await bot.SayAsync("miabbott", "no " + log);

        var refusal = bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("cgwalters"));
        Assert.StartsWith("@miabbott refused your request for team-rhcos: E1128 kubelet &lt;pod&gt; failed &amp; retried", refusal.Text, StringComparison.Ordinal);
        Assert.EndsWith(" more characters)", refusal.Text, StringComparison.Ordinal);
        Assert.InRange(refusal.Text.Length, 3000, 4000);
        Assert.DoesNotContain(bot.StandIn.Calls, c => c.Method == "chat.postMessage" && c.Status != 200);
    }

    [Fact]
    public async Task A_kubeconfig_slack_will_not_take_is_replaced_by_the_words_and_how_to_get_it_again()
    {
        bot.StandIn.FailNext("files.completeUploadExternal", "access_denied");

        await bot.SayAsync("miabbott", "teamcluster request");

        Assert.Empty(bot.StandIn.Uploads);
        Assert.Equal(
            "cluster https://console.team-redhat-coreos.devcluster.openshift.com/ is currently available\n"
            + "(I could not send you kubeconfig-team-rhcos.yaml: Slack answered `access_denied`. Your access is recorded: `teamcluster auth` sends a fresh kubeconfig)",
            bot.StandIn.Messages.First(m => m.Channel == bot.Dm("miabbott")).Text);
        Assert.Equal("lease: @miabbott took team-rhcos (read-write)", bot.Subjects()[^1]);

        await bot.SayAsync("miabbott", "teamcluster auth");

        Assert.Equal((bot.Dm("miabbott"), "kubeconfig-team-rhcos.yaml"), (bot.StandIn.Uploads[^1].ChannelId, bot.StandIn.Uploads[^1].FileName));
    }

    [Fact]
    public async Task The_holder_can_answer_with_the_Grant_button()
    {
        await bot.SayAsync("miabbott", "teamcluster request");
        await bot.SayAsync("cgwalters", "teamcluster ping");
        var question = bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("miabbott"));
        Assert.Contains("\"value\":\"yes @cgwalters\"", question.Blocks, StringComparison.Ordinal);

        await bot.StandIn.SendBlockActionAsync(SlackChatFixture.People["miabbott"], bot.Dm("miabbott"), question.Ts, "teamcluster-answer-0", "yes @cgwalters");
        await bot.HandledAsync();

        var upload = bot.StandIn.Uploads[^1];
        Assert.Equal((bot.Dm("cgwalters"), "kubeconfig-team-rhcos.yaml"), (upload.ChannelId, upload.FileName));
        Assert.Equal("lease: @miabbott shared team-rhcos with @cgwalters (read-write)", bot.Subjects()[^1]);
        var edited = Assert.Single(bot.StandIn.Messages, m => m.Ts == question.Ts);
        var answered = question.Text + $"\n\n<@{SlackChatFixture.People["miabbott"]}> answered: Grant";
        Assert.Equal((answered, 1), (edited.Text, edited.Edits));
        Assert.Equal([("section", answered)], JsonNode.Parse(edited.Blocks!)!.AsArray().Select(b => (b!["type"]!.GetValue<string>(), b["text"]!["text"]!.GetValue<string>())));
        await Assert.ThrowsAsync<InvalidOperationException>(() => bot.StandIn.SendBlockActionAsync(
            SlackChatFixture.People["miabbott"], bot.Dm("miabbott"), question.Ts, "teamcluster-answer-0", "yes @cgwalters"));
    }

    [Fact]
    public async Task Yes_and_no_with_a_mention_picked_from_slack_answer_the_person_named_and_entities_are_decoded_once()
    {
        await bot.SayAsync("miabbott", "request");
        await bot.SayAsync("cgwalters", "ping");
        await bot.SayAsync("jlebon", "ping");

        await bot.SayAsync("miabbott", $"yes <@{SlackChatFixture.People["jlebon"]}>");
        await bot.SayAsync("miabbott", $"no <@{SlackChatFixture.People["cgwalters"]}|cgwalters> busy &amp; &lt;tired&gt;");

        Assert.Equal(
            ["lease: @miabbott shared team-rhcos with @jlebon (read-write)", "lease: @miabbott refused @cgwalters access to team-rhcos"],
            bot.Subjects().TakeLast(2));
        Assert.Equal(
            "@miabbott refused your request for team-rhcos: busy &amp; &lt;tired&gt;",
            bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("cgwalters")).Text);
    }

    [Fact]
    public async Task Talking_to_the_bot_the_keyword_is_optional_and_angle_brackets_are_escaped_for_slack()
    {
        await bot.SayAsync("miabbott", "request");
        await bot.SayAsync("cgwalters", "ping");

        Assert.Equal("lease: @cgwalters asked @miabbott for team-rhcos", bot.Subjects()[^1]);
        var question = bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("miabbott"));
        Assert.Equal("user @cgwalters has requested access, reply \"yes\" to grant, \"no &lt;reason&gt;\" to indicate refusal", question.Text);
    }

    [Fact]
    public async Task A_mention_in_a_channel_answers_privately_and_the_kubeconfig_only_lands_in_the_dm()
    {
        await bot.StandIn.SendMentionAsync(SlackChatFixture.People["miabbott"], "C0TEAMRHCOS", $"<@{SlackStandIn.BotUserId}> teamcluster request");
        await bot.HandledAsync();

        var upload = Assert.Single(bot.StandIn.Uploads);
        Assert.Equal(bot.Dm("miabbott"), upload.ChannelId);
        Assert.DoesNotContain(bot.StandIn.Messages, m => m.Channel == "C0TEAMRHCOS" && !StandInTranscript.IsStatusMessage(m));
        Assert.All(bot.StandIn.Uploads, u => Assert.StartsWith("D", u.ChannelId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicate_delivery_is_handled_once()
    {
        bot.StandIn.DuplicateNextDeliveries(1);
        await bot.SayAsync("miabbott", "teamcluster request");
        await bot.SayAsync("miabbott", "teamcluster status");

        Assert.Equal(2, bot.HandledCount);
        Assert.Equal(["lease: @miabbott took team-rhcos (read-write)"], bot.Subjects());
    }

    [Fact]
    public async Task A_socket_refresh_and_a_drop_mid_conversation_lose_no_command()
    {
        await bot.SayAsync("miabbott", "teamcluster request");
        await bot.StandIn.RequestRefreshAsync();
        await bot.StandIn.WaitForSocketAsync(2);
        await bot.SayAsync("cgwalters", "teamcluster ping");
        await bot.StandIn.DropSocketAsync();
        await bot.StandIn.WaitForSocketAsync(3);
        await bot.SayAsync("miabbott", "yes");

        Assert.Equal(
            [
                "lease: @miabbott took team-rhcos (read-write)",
                "lease: @cgwalters asked @miabbott for team-rhcos",
                "lease: @miabbott shared team-rhcos with @cgwalters (read-write)",
            ],
            bot.Subjects());
    }

    [Fact]
    public async Task Someone_people_yaml_does_not_know_is_told_how_to_get_mapped_and_nothing_is_committed()
    {
        bot.StandIn.AddUser("U0STRANGER", "stranger", "stranger@elsewhere.example");

        await bot.StandIn.SendMessageAsync("U0STRANGER", bot.StandIn.DirectMessageChannel("U0STRANGER"), "teamcluster request");
        await bot.HandledAsync();

        var hint = Assert.Single(bot.StandIn.Messages);
        Assert.Equal(bot.StandIn.DirectMessageChannel("U0STRANGER"), hint.Channel);
        // Escaped as Slack asks: unescaped, "<your GitHub login>" would be read as a link and vanish.
        Assert.Contains("- github: &lt;your GitHub login&gt;\n  slack: U0STRANGER\n", hint.Text, StringComparison.Ordinal);
        Assert.Empty(bot.Subjects());
    }

    /// <summary>Each message through Socket Mode; the transcript as the terminal would print it.</summary>
    private async Task<string> ReplayAsync(IEnumerable<(string Login, string Text)> conversation)
    {
        var transcript = new List<string>();
        foreach (var (login, text) in conversation)
        {
            var from = bot.StandIn.Calls.Count;
            await bot.SayAsync(login, text);
            transcript.Add($"<{login}> {text}\n{bot.Rendered(from)}");
        }

        return string.Join("\n", transcript);
    }

    private void AssertKubeconfigsWentOnlyToTheirOwnersDms()
    {
        Assert.Equal(
            [
                (bot.Dm("miabbott"), "kubeconfig-team-rhcos.yaml"),
                (bot.Dm("cgwalters"), "kubeconfig-team-rhcos.yaml"),
                (bot.Dm("jlebon"), "kubeconfig-team-rhcos-readonly.yaml"),
            ],
            bot.StandIn.Uploads.Select(u => (u.ChannelId, u.FileName)));
    }
}
