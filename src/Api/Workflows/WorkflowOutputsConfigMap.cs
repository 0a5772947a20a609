namespace DynamoMcp.Api.Workflows;

/// <summary>
/// The contract of a run's outputs ConfigMap (<c>status.outputsConfigMap</c> of a run or a step): outputs larger than
/// status keeps inline, as one JSON object under <see cref="Key"/>, in a ConfigMap the run owns.
/// </summary>
public static class WorkflowOutputsConfigMap
{
    /// <summary>The data key the outputs are under.</summary>
    public const string Key = "outputs.json";
}
