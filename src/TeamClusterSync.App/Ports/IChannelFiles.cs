namespace TeamClusterSync.App.Ports;

/// <summary>
/// Posts words with a file into a team channel, for everyone there (the usage digest's chart). Credentials never go
/// this way: they go to one person, through <see cref="IMessageDelivery"/>.
/// </summary>
public interface IChannelFiles
{
    /// <summary>Posts <paramref name="text"/> to the team channel <paramref name="channel"/> (a name, without '#'), then the file; a failure is logged by the adapter.</summary>
    Task ShareAsync(string channel, string text, string fileName, byte[] content, CancellationToken ct);
}
