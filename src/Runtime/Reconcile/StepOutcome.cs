namespace DynamoMcp.Runtime.Reconcile;

/// <summary>
/// What one reconcile step returns. Every outcome but <see cref="Continue"/> ends the reconcile and carries the
/// condition reason and message the summary writes into status.
/// </summary>
public sealed record StepOutcome
{
    private StepOutcome(StepOutcomeKind kind, string reason, string message, TimeSpan? requeueAfter, Exception? error)
    {
        Kind = kind;
        Reason = reason;
        Message = message;
        RequeueAfter = requeueAfter;
        Error = error;
    }

    /// <summary>Run the next step.</summary>
    public static StepOutcome Continue { get; } = new(StepOutcomeKind.Continue, "", "", null, null);

    public StepOutcomeKind Kind { get; }

    /// <summary>UpperCamelCase condition reason (empty for <see cref="Continue"/>).</summary>
    public string Reason { get; }

    /// <summary>What happened and, for failures, what to do.</summary>
    public string Message { get; }

    /// <summary>When to look again: a due refresh (Ready), a poll-free wake-up (Waiting), the next retry (Transient) or housekeeping (Stalled).</summary>
    public TimeSpan? RequeueAfter { get; }

    /// <summary>The exception behind a transient outcome, for the log (never written to status).</summary>
    public Exception? Error { get; }

    public bool IsTerminal => Kind is StepOutcomeKind.Ready or StepOutcomeKind.Stalled;

    public static StepOutcome Ready(string reason, string message, TimeSpan? requeueAfter = null) =>
        new(StepOutcomeKind.Ready, Require(reason), message, Positive(requeueAfter), null);

    public static StepOutcome Waiting(string reason, string message, TimeSpan? requeueAfter = null) =>
        new(StepOutcomeKind.Waiting, Require(reason), message, Positive(requeueAfter), null);

    /// <summary>A temporary failure; with <paramref name="retryAfter"/> the retry is at that time, else after the work queue's per-key backoff.</summary>
    public static StepOutcome Transient(string reason, string message, TimeSpan? retryAfter = null, Exception? error = null) =>
        new(StepOutcomeKind.Transient, Require(reason), message, Positive(retryAfter), error);

    /// <summary>Needs a spec change; <paramref name="wakeAfter"/> only for housekeeping that is due later (a TTL), never to retry.</summary>
    public static StepOutcome Stalled(string reason, string message, TimeSpan? wakeAfter = null) =>
        new(StepOutcomeKind.Stalled, Require(reason), message, Positive(wakeAfter), null);

    public override string ToString() => Kind == StepOutcomeKind.Continue ? "Continue" : $"{Kind} {Reason}: {Message}";

    private static string Require(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return reason;
    }

    // A delay that is already due still deserves a prompt look, never a negative or zero one.
    private static TimeSpan? Positive(TimeSpan? delay) =>
        delay is { } d && d <= TimeSpan.Zero ? TimeSpan.FromSeconds(1) : delay;
}
