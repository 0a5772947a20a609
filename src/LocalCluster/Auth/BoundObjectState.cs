namespace DynamoMcp.LocalCluster.Auth;

/// <summary>What the API knows now of an object a token names (its service account or pod): its uid and whether it is being deleted.</summary>
internal sealed record BoundObjectState(string Uid, bool Deleting);
