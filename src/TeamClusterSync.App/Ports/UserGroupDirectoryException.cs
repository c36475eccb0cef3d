namespace TeamClusterSync.App.Ports;

/// <summary>The directory could not be reached or refused a call; the message says which, in one sentence.</summary>
public sealed class UserGroupDirectoryException : Exception
{
    public UserGroupDirectoryException()
    {
    }

    public UserGroupDirectoryException(string message)
        : base(message)
    {
    }

    public UserGroupDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
