using k8s.Models;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>Reads <see cref="SandboxJobPhase"/> from a Job.</summary>
public static class SandboxJobState
{
    public static SandboxJobPhase Of(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var conditions = job.Status?.Conditions ?? [];
        if (conditions.Any(c => c.Type == "Complete" && c.Status == "True"))
        {
            return SandboxJobPhase.Succeeded;
        }

        var failed = conditions.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
        if (failed is not null)
        {
            return failed.Reason == "DeadlineExceeded" ? SandboxJobPhase.TimedOut : SandboxJobPhase.Failed;
        }

        return SandboxJobPhase.Running;
    }
}
