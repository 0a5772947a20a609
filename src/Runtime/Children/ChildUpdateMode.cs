namespace DynamoMcp.Runtime.Children;

/// <summary>How <see cref="ChildApplier"/> brings an existing child whose spec hash differs to the desired state.</summary>
public enum ChildUpdateMode
{
    /// <summary>PUT the desired object over it (ConfigMaps, NetworkPolicies, Deployments, ServiceAccounts).</summary>
    Replace,

    /// <summary>Merge-patch the desired object into it, keeping fields others set (Services keep their clusterIP).</summary>
    Patch,

    /// <summary>Delete it; the next reconcile creates the desired one (kinds whose spec is immutable, such as Jobs).</summary>
    Recreate,
}
