namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// A container cannot start as specified (missing command, unknown Secret key...). <see cref="Reason"/> is the
/// kubelet's waiting reason, e.g. <c>CreateContainerConfigError</c>; <see cref="Retryable"/> when the cause may appear later.
/// </summary>
public sealed class ContainerConfigException(string reason, string message, bool retryable) : Exception(message)
{
    /// <summary>Kubelet-style reason shown in the container's waiting state.</summary>
    public string Reason { get; } = reason;

    /// <summary>True when waiting may fix it (an object that does not exist yet), false when the spec must change.</summary>
    public bool Retryable { get; } = retryable;
}
