namespace DynamoMcp.Runtime.Controllers;

/// <summary>Where a declared access is granted.</summary>
public enum RbacScope
{
    /// <summary>The operator's ClusterRole: the access is needed in every namespace it reconciles.</summary>
    Cluster,

    /// <summary>A Role in the namespace the operator runs in (its leader-election Lease).</summary>
    OwnNamespace,
}
