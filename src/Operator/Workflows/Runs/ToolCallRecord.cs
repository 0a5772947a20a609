using DynamoMcp.Operator.Workflows.Planning;
using k8s.Models;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// The ConfigMap that records one tool-call attempt: created with state Running before the call is made, completed
/// with Succeeded (and the outputs) or Failed (and why) when it returns. A record still Running that another operator
/// process made was in flight at a crash: it counts as a failed attempt, retried only if the step has retries left.
/// </summary>
public static class ToolCallRecord
{
    public const string StateKey = "state";
    public const string ServerKey = "server";
    public const string ToolKey = "tool";
    public const string MessageKey = "message";
    public const string OutputsKey = "outputs.json";
    public const string FinishedKey = "finishedAt";

    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    /// <summary>The attempt as the planner sees it; <paramref name="instance"/> is this operator process's id.</summary>
    public static ObservedChild Observe(V1ConfigMap record, string instance)
    {
        ArgumentNullException.ThrowIfNull(record);
        var data = record.Data ?? new Dictionary<string, string>();
        var started = record.Metadata.CreationTimestamp;
        DateTime? finished = data.TryGetValue(FinishedKey, out var at) && DateTime.TryParse(at, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        return DataValue.Of(data, StateKey) switch
        {
            Succeeded => new ObservedChild(ChildState.Succeeded, started, finished, DataValue.Of(data, MessageKey)),
            Failed => new ObservedChild(ChildState.Failed, started, finished ?? started, DataValue.Of(data, MessageKey) ?? "The tool call failed."),
            _ when DataValue.Of(record.Metadata.Annotations, WorkflowRunLabels.Instance) != instance =>
                new ObservedChild(ChildState.Failed, started, started,
                    $"The operator restarted while the call of {DataValue.Of(data, ToolKey)} on {DataValue.Of(data, ServerKey)} was in flight; whether it took effect is unknown, so the attempt counts as failed."),
            _ => new ObservedChild(ChildState.Running, started),
        };
    }
}
