using DynamoMcp.LocalCluster.Storage;

namespace DynamoMcp.LocalCluster.Watch;

/// <summary>One change in the store: ADDED, MODIFIED or DELETED of one object of one kind.</summary>
/// <remarks><see cref="Previous"/> is the state before a MODIFIED, so selector watches can turn it into ADDED or DELETED.</remarks>
internal sealed record WatchEvent(string Type, string StorageKey, StoredObject Object, StoredObject? Previous = null)
{
    public long Revision => Object.Revision;
}
