namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// The node's capacity: at most <see cref="Capacity"/> pods run at once (<see cref="LocalJobRunnerOptions.MaxParallelPods"/>);
/// a pod waiting for a slot is Pending and not yet started, like a pod the scheduler cannot place.
/// </summary>
internal sealed class PodSlots(int capacity) : IDisposable
{
    private readonly SemaphoreSlim free = new(capacity, capacity);

    public int Capacity { get; } = capacity;

    /// <summary>Slots taken now.</summary>
    public int InUse => Capacity - free.CurrentCount;

    /// <summary>Takes a slot at once if one is free.</summary>
    public bool TryTake() => free.Wait(0);

    /// <summary>Waits for a slot.</summary>
    public Task TakeAsync(CancellationToken cancellationToken) => free.WaitAsync(cancellationToken);

    public void Release() => free.Release();

    public void Dispose() => free.Dispose();
}
