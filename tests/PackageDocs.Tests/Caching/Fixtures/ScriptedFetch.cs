namespace DynamoMcp.PackageDocs.Tests.Caching.Fixtures;

/// <summary>
/// A registry stand-in: answers <see cref="Answer"/> (or throws <see cref="Failure"/>, "the registry is down"), counts
/// its calls, and can be held at a gate until the test lets it go.
/// </summary>
public sealed class ScriptedFetch
{
    private int calls;
    private TaskCompletionSource? gate;

    public List<string> Answer { get; set; } = ["5.1.4", "5.2.0"];

    public Exception? Failure { get; set; }

    public int Calls => Volatile.Read(ref calls);

    /// <summary>Holds every fetch from now on until <see cref="Release"/>.</summary>
    public void Hold() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => gate?.TrySetResult();

    public async Task<List<string>> FetchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        if (gate is { } held)
        {
            await held.Task.WaitAsync(cancellationToken);
        }

        await Task.Yield();
        return Failure is { } failure ? throw failure : [.. Answer];
    }
}
