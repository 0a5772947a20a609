using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Children;

/// <summary>The outcome of applying one child: the action, the child as the API (or cache) has it, and for a conflict why.</summary>
public sealed record ChildApplyResult<TChild>(ChildApplyAction Action, TChild? Child, string? Conflict = null)
    where TChild : IKubernetesObject<V1ObjectMeta>;
