using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Storage;

/// <summary>What a read-modify-write decided, given the current object; evaluated under the store's write lock.</summary>
internal abstract record WriteDecision
{
    private WriteDecision()
    {
    }

    /// <summary>Store this object (created or changed); the store stamps <c>metadata.resourceVersion</c>.</summary>
    public sealed record Put(JsonObject Object) : WriteDecision;

    /// <summary>Remove the object; <paramref name="LastState"/> is what the DELETED event carries.</summary>
    public sealed record Remove(JsonObject LastState) : WriteDecision;

    /// <summary>Nothing changed: no new resourceVersion, no event.</summary>
    public sealed record Unchanged : WriteDecision;

    public static readonly WriteDecision NoChange = new Unchanged();
}
