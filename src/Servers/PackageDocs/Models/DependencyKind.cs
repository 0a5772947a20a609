namespace DynamoMcp.PackageDocs.Models;

public enum DependencyKind
{
    /// <summary>PyPI <c>requires_dist</c> or npm <c>dependencies</c>.</summary>
    Runtime,

    /// <summary>npm <c>peerDependencies</c>.</summary>
    Peer,

    /// <summary>npm <c>peerDependencies</c> marked optional in <c>peerDependenciesMeta</c>.</summary>
    OptionalPeer,
}
