namespace DynamoMcp.LocalCluster.Storage;

/// <summary>One row change queued for the SQLite writer; <see cref="Json"/> null means delete.</summary>
internal sealed record PersistOperation(string StorageKey, string Namespace, string Name, long Revision, byte[]? Json)
{
    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
