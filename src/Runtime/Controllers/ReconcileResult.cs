namespace DynamoMcp.Runtime.Controllers;

/// <summary>The typed outcome of a reconcile (controller-runtime's Result plus Flux-style stalled/transient).</summary>
public sealed record ReconcileResult
{
    private ReconcileResult(ReconcileOutcome outcome, TimeSpan? requeueAfter = null, string? reason = null, Exception? error = null)
    {
        Outcome = outcome;
        RequeueAfterDelay = requeueAfter;
        Reason = reason;
        Error = error;
    }

    public static ReconcileResult Done { get; } = new(ReconcileOutcome.Done);

    public static ReconcileResult Requeue { get; } = new(ReconcileOutcome.Requeue);

    public ReconcileOutcome Outcome { get; }

    public TimeSpan? RequeueAfterDelay { get; }

    public string? Reason { get; }

    public Exception? Error { get; }

    public static ReconcileResult RequeueAfter(TimeSpan delay) =>
        delay <= TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(delay), delay, "RequeueAfter needs a positive delay; use Requeue to retry with backoff.")
            : new(ReconcileOutcome.RequeueAfter, delay);

    /// <summary>A temporary failure: retried after <paramref name="retryAfter"/> when given, else with the per-key backoff.</summary>
    public static ReconcileResult Transient(string reason, Exception? error = null, TimeSpan? retryAfter = null) =>
        retryAfter is { } delay && delay <= TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(retryAfter), retryAfter, "A retry delay must be positive.")
            : new(ReconcileOutcome.Transient, retryAfter, reason, error);

    public static ReconcileResult Stalled(string reason) => new(ReconcileOutcome.Stalled, reason: reason);
}
