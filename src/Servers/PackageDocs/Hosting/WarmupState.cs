using DynamoMcp.PackageDocs.Caching;

namespace DynamoMcp.PackageDocs.Hosting;

/// <summary>Whether the start-up warm-up has run (what /readyz waits for) and what it did.</summary>
public sealed class WarmupState
{
    private readonly TaskCompletionSource<WarmupReport> done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<WarmupReport> Done => done.Task;

    public WarmupReport? Report => done.Task.IsCompletedSuccessfully ? done.Task.Result : null;

    public void Complete(WarmupReport report) => done.TrySetResult(report);
}
