using TeamClusterSync.App.Messages;

namespace TeamClusterSync.App.Usage;

/// <summary><c>teamcluster report [CLUSTER]</c>: the last week's usage, for the clusters of one's own teams only.</summary>
public sealed class UsageChat(UsageReports reports)
{
    public async Task<IReadOnlyList<OutgoingMessage>> ReportAsync(string login, string? named, CancellationToken ct)
    {
        string? refused = null;
        UsageReport report;
        try
        {
            report = await reports.ReportAsync(UsageReports.Week, (config, snapshot) =>
            {
                var mine = UsageReports.OfMember(login)(config, snapshot).ToList();
                refused = mine.Count == 0 ? $"@{login} is not on a team with a cluster, so there is no usage to show"
                    : named is not null && !mine.Any(c => c.Name == named)
                        ? $"{named} is not a cluster of your teams; yours: {string.Join(", ", mine.Select(c => c.Name))}"
                        : null;
                return refused is not null ? [] : mine.Where(c => named is null || c.Name == named);
            }, ct);
        }
        catch (InvalidOperationException e)
        {
            return [OutgoingMessage.Direct(login, e.Message)];
        }

        return [OutgoingMessage.Direct(login, refused ?? UsageText.Of(report).TrimEnd())];
    }
}
