namespace TeamClusterSync.App.Ports;

/// <summary>
/// Every attempt of a transaction lost the push race to another writer. Nothing of this transaction was
/// pushed; the caller may tell the user to try again.
/// </summary>
public sealed class StateConflictException : Exception
{
    public StateConflictException()
    {
    }

    public StateConflictException(string message)
        : base(message)
    {
    }

    public StateConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
