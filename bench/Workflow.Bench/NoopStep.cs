using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Workflows.Planning;
using DynamoMcp.Operator.Workflows.Runs;
using k8s.Models;

namespace DynamoMcp.Workflow.Bench;

/// <summary>
/// The no-op container step (an image no one maps, so the local kubelet runs <c>true</c> on the host, sandboxed) and the
/// floor's Job of the same pod work, built by the operator's own <see cref="WorkflowStepChildBuilder.Job"/>.
/// </summary>
internal static class NoopStep
{
    public const string Image = "dynamo-mcp.bench/noop:dev";

    public static ContainerAction Action() => new() { Image = Image, Command = ["true"] };

    public static WorkflowStep Step(string name, string? dependsOn = null, string? forEach = null) => new()
    {
        Name = name,
        DependsOn = dependsOn is null ? null : [dependsOn],
        ForEach = forEach,
        Container = Action(),
    };

    /// <summary>
    /// The Job the operator would create for item <paramref name="item"/> of a no-op step, named <paramref name="name"/>,
    /// in <paramref name="ns"/>, without its owner reference: no run owns it, so no controller reacts to it.
    /// </summary>
    public static V1Job FloorJob(string ns, string name, int? item, SandboxOptions sandbox)
    {
        var run = new WorkflowRun { Metadata = new V1ObjectMeta { Name = "floor", NamespaceProperty = ns, Uid = Guid.NewGuid().ToString() } };
        var job = WorkflowStepChildBuilder.Job(run, "floor", Step("noop"), new StartChild("noop", item, 1, name), new StepFields(), sandbox);
        job.Metadata.OwnerReferences = null;
        return job;
    }
}
