using System.Text.Json.Nodes;
using k8s.Models;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// A step's fields with every expression evaluated for one attempt (and item): the Scaffold's variables, the
/// container's command, arguments, environment and project, or the tool call's arguments.
/// </summary>
public sealed record StepFields
{
    public IDictionary<string, object?>? Variables { get; init; }

    public IList<string>? Args { get; init; }

    public IList<V1EnvVar>? Env { get; init; }

    /// <summary>The Scaffold whose project a container step reads, with its stored archive.</summary>
    public StepProject? Project { get; init; }

    public JsonObject? Arguments { get; init; }
}
