using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

/// <summary>
/// A Dynamo MCP resource whose status carries the kstatus fields, so the runtime's reconcile summary can set its
/// conditions without knowing the kind. Kinds implement <see cref="CurrentStatus"/> explicitly, which keeps it out of
/// their JSON and their CRD schema.
/// </summary>
public interface IDynamoResource : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The status, created empty when the object has none yet.</summary>
    IDynamoStatus CurrentStatus { get; }
}
