using k8s.Models;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// The Job controller's decisions for non-indexed Jobs, as pure functions: is the Job done, how many pods it
/// still needs, and the status it should show (conditions as in Kubernetes 1.31+: <c>FailureTarget</c> /
/// <c>SuccessCriteriaMet</c> as soon as the outcome is known, <c>Failed</c> / <c>Complete</c> once no pod is active).
/// </summary>
public static class JobStatusCalculator
{
    /// <summary>Kubernetes' default <c>backoffLimit</c>.</summary>
    public const int DefaultBackoffLimit = 6;

    /// <summary>Condition reasons the Job controller uses.</summary>
    public const string BackoffLimitExceeded = "BackoffLimitExceeded";

    /// <inheritdoc cref="BackoffLimitExceeded"/>
    public const string DeadlineExceeded = "DeadlineExceeded";

    /// <inheritdoc cref="BackoffLimitExceeded"/>
    public const string CompletionsReached = "CompletionsReached";

    /// <summary>True when the Job carries a true <c>Complete</c> or <c>Failed</c> condition.</summary>
    public static bool IsFinished(V1Job job) =>
        job.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is "Complete" or "Failed") == true;

    /// <summary>When the Job finished (completionTime, else the Failed condition's transition time), or null.</summary>
    public static DateTime? FinishedAt(V1Job job) =>
        job.Status?.CompletionTime
        ?? job.Status?.Conditions?.FirstOrDefault(c => c.Status == "True" && c.Type is "Complete" or "Failed")?.LastTransitionTime;

    /// <summary>Decides the Job's outcome from its pods; <paramref name="startTime"/> is when it (last) became active.</summary>
    public static JobEvaluation Evaluate(V1JobSpec spec, JobPodCounts pods, DateTime? startTime, DateTime now)
    {
        var completions = Math.Max(1, spec.Completions ?? 1);
        if (pods.Failed > (spec.BackoffLimit ?? DefaultBackoffLimit))
        {
            return new JobEvaluation(JobOutcome.Failed, BackoffLimitExceeded, "Job has reached the specified backoff limit", 0);
        }

        if (spec.ActiveDeadlineSeconds is { } deadline && startTime is { } start && now >= start.AddSeconds(deadline))
        {
            return new JobEvaluation(JobOutcome.Failed, DeadlineExceeded, "Job was active longer than specified deadline", 0);
        }

        if (pods.Succeeded >= completions)
        {
            return new JobEvaluation(JobOutcome.Complete, CompletionsReached, "Reached expected number of succeeded pods", 0);
        }

        if (spec.Suspend == true)
        {
            return new JobEvaluation(JobOutcome.Suspended, "JobSuspended", "Job suspended", 0);
        }

        var wanted = Math.Min(Math.Max(0, spec.Parallelism ?? 1), completions - pods.Succeeded);
        return new JobEvaluation(JobOutcome.Running, null, null, Math.Max(0, wanted - pods.Active));
    }

    /// <summary>Delay before the next pod after <paramref name="failed"/> failures: base·2^(failed-1), capped.</summary>
    public static TimeSpan RetryDelay(int failed, TimeSpan backoff, TimeSpan max)
    {
        if (failed <= 0)
        {
            return TimeSpan.Zero;
        }

        var factor = Math.Pow(2, Math.Min(failed - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, backoff.Ticks * factor));
    }

    /// <summary>
    /// The status the Job should have: counts, start and completion time, conditions. Unchanged conditions keep
    /// their transition times, so writing the result twice changes nothing.
    /// </summary>
    public static V1JobStatus BuildStatus(V1JobStatus? previous, JobPodCounts pods, JobEvaluation evaluation, DateTime? startTime, DateTime now)
    {
        var conditions = (previous?.Conditions ?? []).Select(c => c).ToList();
        var status = new V1JobStatus
        {
            StartTime = startTime,
            Active = pods.Active,
            Ready = pods.Ready,
            Succeeded = pods.Succeeded,
            Failed = pods.Failed,
            Terminating = 0,
            CompletionTime = previous?.CompletionTime,
            Conditions = conditions,
        };

        switch (evaluation.Outcome)
        {
            case JobOutcome.Suspended:
                SetCondition(conditions, "Suspended", "True", evaluation.Reason, evaluation.Message, now);
                break;
            case JobOutcome.Running:
                if (conditions.Any(c => c.Type == "Suspended" && c.Status == "True"))
                {
                    SetCondition(conditions, "Suspended", "False", "JobResumed", "Job resumed", now);
                }

                break;
            case JobOutcome.Failed:
                SetCondition(conditions, "FailureTarget", "True", evaluation.Reason, evaluation.Message, now);
                if (pods.Active == 0)
                {
                    SetCondition(conditions, "Failed", "True", evaluation.Reason, evaluation.Message, now);
                }

                break;
            case JobOutcome.Complete:
                SetCondition(conditions, "SuccessCriteriaMet", "True", evaluation.Reason, evaluation.Message, now);
                if (pods.Active == 0)
                {
                    SetCondition(conditions, "Complete", "True", evaluation.Reason, evaluation.Message, now);
                    status.CompletionTime ??= now;
                }

                break;
        }

        return status;
    }

    private static void SetCondition(List<V1JobCondition> conditions, string type, string status, string? reason, string? message, DateTime now)
    {
        var index = conditions.FindIndex(c => c.Type == type);
        if (index >= 0 && conditions[index].Status == status && conditions[index].Reason == reason)
        {
            return;
        }

        var condition = new V1JobCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastProbeTime = now,
            LastTransitionTime = now,
        };
        if (index >= 0)
        {
            conditions[index] = condition;
        }
        else
        {
            conditions.Add(condition);
        }
    }
}
