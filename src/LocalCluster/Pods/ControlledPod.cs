using k8s.Models;

namespace DynamoMcp.LocalCluster.Pods;

/// <summary>A pod a workload controller creates (the Job runner, the Deployment controller): its template's metadata and spec, owned by the workload. Pure.</summary>
internal static class ControlledPod
{
    /// <summary>The pod <paramref name="name"/> in <paramref name="ns"/>, controlled by <paramref name="ownerKind"/> <paramref name="ownerName"/> (<paramref name="ownerUid"/>).</summary>
    public static V1Pod Build(
        string name,
        string ns,
        IDictionary<string, string> labels,
        IDictionary<string, string>? annotations,
        V1PodSpec spec,
        string ownerApiVersion,
        string ownerKind,
        string ownerName,
        string ownerUid) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = labels,
            Annotations = annotations,
            OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = ownerApiVersion, Kind = ownerKind, Name = ownerName, Uid = ownerUid, Controller = true, BlockOwnerDeletion = true },
            ],
        },
        Spec = spec,
    };
}
