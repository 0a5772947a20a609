using DynamoMcp.Api;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>How a run's children say which step, item and attempt they are, and what they are for.</summary>
public static class WorkflowRunLabels
{
    /// <summary>Label: the step a child runs.</summary>
    public const string Step = WellKnown.Group + "/workflow-step";

    /// <summary>Label: what a child of a run is — <see cref="StepChild"/>, <see cref="Snapshot"/> or <see cref="Outputs"/>.</summary>
    public const string Purpose = WellKnown.Group + "/workflow-purpose";

    /// <summary>Annotation: the item of a fan-out a child runs (absent when the step does not fan out).</summary>
    public const string Item = WellKnown.Group + "/workflow-item";

    /// <summary>Annotation: the attempt a child is, from 1.</summary>
    public const string Attempt = WellKnown.Group + "/workflow-attempt";

    /// <summary>Annotation on a tool-call record: the operator process that made the call.</summary>
    public const string Instance = WellKnown.Group + "/workflow-instance";

    /// <summary>Annotation on a failed container Job: how its container ended and its last output, written once by the operator.</summary>
    public const string Failure = WellKnown.Group + "/workflow-failure";

    public const string StepChild = "step";

    public const string Snapshot = "snapshot";

    public const string Outputs = "outputs";
}
