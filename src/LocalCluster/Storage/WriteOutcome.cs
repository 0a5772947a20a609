namespace DynamoMcp.LocalCluster.Storage;

/// <summary>The result of a write: the object as now stored (or as last seen, when removed).</summary>
internal sealed record WriteOutcome(StoredObject? Object, bool Created, bool Removed, bool Changed);
