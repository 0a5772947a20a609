using System.Globalization;
using k8s.Models;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// How a failed container step ended, for its step message (pure): the container that failed (the step, or the init
/// container that unpacks the project), its exit code or the kubelet's reason (OOMKilled, Evicted), and its last output.
/// </summary>
public static class ContainerFailure
{
    /// <summary>Most characters of the container's last output kept in the message.</summary>
    public const int MaxOutputChars = 600;

    /// <summary>Lines of the container's log read for the message.</summary>
    public const int TailLines = 5;

    /// <summary>The description, or null when the pod says nothing (it is gone, or no container ended).</summary>
    /// <param name="pod">The Job's latest pod.</param>
    /// <param name="failedContainer">Set to the container the description is about, whose log the caller reads.</param>
    public static string? Describe(V1Pod? pod, out string? failedContainer)
    {
        failedContainer = null;
        if (pod?.Status is not { } status)
        {
            return null;
        }

        if (status.Reason == "Evicted")
        {
            return $"the pod was evicted: {status.Message?.Trim()}";
        }

        // An init container that failed (the project's unpack) comes before the step, which then never ran.
        var ended = (status.InitContainerStatuses ?? []).Concat(status.ContainerStatuses ?? [])
            .Select(s => (s.Name, Terminated: s.State?.Terminated ?? s.LastState?.Terminated))
            .FirstOrDefault(s => s.Terminated is { ExitCode: not 0 });
        if (ended.Terminated is not { } terminated)
        {
            return null;
        }

        failedContainer = ended.Name;
        var code = terminated.ExitCode.ToString(CultureInfo.InvariantCulture);
        var how = terminated.Reason is null or "Error" or "Completed" ? $"exit code {code}" : $"{terminated.Reason}, exit code {code}";
        return $"container {ended.Name} failed ({how})";
    }

    /// <summary><paramref name="description"/> with the container's last output, trimmed and capped.</summary>
    public static string WithOutput(string description, string? tail)
    {
        ArgumentNullException.ThrowIfNull(description);
        var output = string.Join(" | ", (tail ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).TakeLast(TailLines));
        if (output.Length == 0)
        {
            return description + "; it printed nothing";
        }

        if (output.Length > MaxOutputChars)
        {
            output = "…" + output[^MaxOutputChars..];
        }

        return $"{description}; its last output: {output}";
    }
}
