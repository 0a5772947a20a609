using k8s.Models;

namespace DynamoMcp.Operator.Tests.Retries;

/// <summary>How a sandbox Job ended, as the Job controller writes it into status.conditions.</summary>
public enum JobEnd
{
    /// <summary>Started, no terminal condition yet.</summary>
    Running,

    /// <summary>Complete=True, with status.completionTime.</summary>
    Complete,

    /// <summary>Failed=True (BackoffLimitExceeded): a container exited non-zero. No completionTime, as Kubernetes leaves it.</summary>
    Failed,

    /// <summary>Failed=True with reason DeadlineExceeded: activeDeadlineSeconds passed.</summary>
    DeadlineExceeded,
}

/// <summary>Sandbox Jobs (as the builders make them) in the states the Job controller moves them through, and a cache lookup over them.</summary>
public static class SandboxJobs
{
    /// <summary><paramref name="job"/> started at <paramref name="started"/> and, unless running, ended at <paramref name="ended"/>.</summary>
    public static V1Job In(V1Job job, JobEnd end, DateTime started, DateTime ended)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Status = new V1JobStatus { StartTime = started };
        switch (end)
        {
            case JobEnd.Complete:
                job.Status.CompletionTime = ended;
                job.Status.Succeeded = 1;
                job.Status.Conditions =
                [
                    new V1JobCondition { Type = "SuccessCriteriaMet", Status = "True", LastTransitionTime = ended },
                    new V1JobCondition { Type = "Complete", Status = "True", LastTransitionTime = ended },
                ];
                break;
            case JobEnd.Failed:
            case JobEnd.DeadlineExceeded:
                var reason = end == JobEnd.Failed ? "BackoffLimitExceeded" : "DeadlineExceeded";
                job.Status.Failed = 1;
                job.Status.Conditions =
                [
                    new V1JobCondition { Type = "FailureTarget", Status = "True", Reason = reason, LastTransitionTime = ended },
                    new V1JobCondition { Type = "Failed", Status = "True", Reason = reason, LastTransitionTime = ended },
                ];
                break;
            default:
                job.Status.Active = 1;
                break;
        }

        return job;
    }

    /// <summary>The informer cache's Get by name over <paramref name="jobs"/>.</summary>
    public static Func<string, V1Job?> Lookup(params V1Job[] jobs) =>
        name => jobs.FirstOrDefault(j => string.Equals(j.Metadata.Name, name, StringComparison.Ordinal));

    /// <summary>A bare Job named <paramref name="name"/> (for naming and timing rules that do not care about the spec).</summary>
    public static V1Job Named(string name) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a" }, Spec = new V1JobSpec { ActiveDeadlineSeconds = 300 } };
}
