namespace DynamoMcp.LocalCluster.Pods;

/// <summary>
/// Keeps the output of containers that the local job runner runs; <c>pods/log</c> reads from it.
/// The runner appends as a process writes and completes a container when it exits.
/// </summary>
public interface IPodLogStore
{
    /// <summary>Appends a chunk of a container's combined stdout/stderr.</summary>
    ValueTask AppendAsync(string @namespace, string pod, string container, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>Marks a container's log as finished, so followers stop.</summary>
    ValueTask CompleteAsync(string @namespace, string pod, string container, CancellationToken cancellationToken);

    /// <summary>Returns everything logged so far (empty when nothing was).</summary>
    ValueTask<byte[]> ReadAsync(string @namespace, string pod, string container, CancellationToken cancellationToken);

    /// <summary>Yields what is logged so far, then each new chunk, until the container is completed or the token fires.</summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> FollowAsync(string @namespace, string pod, string container, CancellationToken cancellationToken);

    /// <summary>Forgets every container log of a pod (called when the pod is deleted).</summary>
    ValueTask DeletePodAsync(string @namespace, string pod, CancellationToken cancellationToken);
}
