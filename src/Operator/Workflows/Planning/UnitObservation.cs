namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>One unit's latest attempt, read from the observed children: its status, when a retry is due, when it times out.</summary>
internal sealed record UnitObservation(int? Item, int Attempt, UnitStatus Status, string? Message, DateTime? RetryAt = null, DateTime? TimesOutAt = null)
{
    public static UnitObservation Read(RunPlanInput input, PlannedStep step, int? item)
    {
        var attempt = 0;
        ObservedChild? latest = null;
        for (var a = 1; a <= step.Retries + 1; a++)
        {
            if (input.Children.TryGetValue(new ChildKey(step.Name, item, a), out var child))
            {
                attempt = a;
                latest = child;
            }
        }

        if (latest is null)
        {
            return new UnitObservation(item, 0, UnitStatus.NotStarted, null);
        }

        DateTime? failedAt = null;
        string? message = latest.Message;
        switch (latest.State)
        {
            case ChildState.Succeeded:
                return new UnitObservation(item, attempt, UnitStatus.Succeeded, message);
            case ChildState.Pending or ChildState.Running:
                var timesOutAt = step.Timeout is { } timeout && latest.StartedAt is { } started ? started + timeout : (DateTime?)null;
                if (timesOutAt is not { } deadline || input.Now < deadline)
                {
                    return new UnitObservation(item, attempt, UnitStatus.Active, message, TimesOutAt: timesOutAt);
                }

                if (attempt > step.Retries)
                {
                    return new UnitObservation(item, attempt, UnitStatus.TimedOut, TimedOut(attempt, step), TimesOutAt: deadline);
                }

                failedAt = deadline;
                message = TimedOut(attempt, step);
                break;
            default:
                failedAt = latest.FinishedAt ?? latest.StartedAt ?? input.Now;
                break;
        }

        if (attempt > step.Retries)
        {
            return new UnitObservation(item, attempt, UnitStatus.Failed, message);
        }

        // A timed-out attempt still running is stopped and retried; its stop is planned from TimesOutAt.
        var timedOut = latest.State is ChildState.Pending or ChildState.Running;
        return new UnitObservation(item, attempt, UnitStatus.RetryWaiting, message, failedAt.Value + RetryBackoff.After(step.Backoff, attempt),
            timedOut ? failedAt : null);
    }

    /// <summary>A still-running child past its timeout: it must be stopped.</summary>
    public bool NeedsTimeoutStop => Status == UnitStatus.TimedOut || (Status == UnitStatus.RetryWaiting && TimesOutAt is not null);

    private static string TimedOut(int attempt, PlannedStep step) =>
        $"Attempt {attempt} timed out after {step.Timeout!.Value.TotalSeconds:0}s.";
}
