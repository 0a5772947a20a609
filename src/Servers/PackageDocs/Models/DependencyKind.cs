using System.Text.Json.Serialization;

namespace DynamoMcp.PackageDocs.Models;

[JsonConverter(typeof(JsonStringEnumConverter<DependencyKind>))]
public enum DependencyKind
{
    /// <summary>PyPI <c>requires_dist</c> or npm <c>dependencies</c>.</summary>
    [JsonStringEnumMemberName("runtime")]
    Runtime,

    /// <summary>npm <c>peerDependencies</c>.</summary>
    [JsonStringEnumMemberName("peer")]
    Peer,

    /// <summary>npm <c>peerDependencies</c> marked optional in <c>peerDependenciesMeta</c>.</summary>
    [JsonStringEnumMemberName("optionalPeer")]
    OptionalPeer,
}
