namespace DynamoMcp.Api.Scaffolds;

/// <summary>
/// A Scaffold's stored result cannot be served as its status describes it: a chunk is missing, belongs to another
/// object, or the joined archive does not match the recorded SHA-256 or size. The message says which and what to do.
/// </summary>
public sealed class ScaffoldResultException : Exception
{
    public ScaffoldResultException()
    {
    }

    public ScaffoldResultException(string message)
        : base(message)
    {
    }

    public ScaffoldResultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
