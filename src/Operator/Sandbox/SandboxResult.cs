using System.Text.Json.Nodes;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>What reading a sandbox container's result gave: the verified payload, or the problem and a message.</summary>
public sealed record SandboxResult(JsonObject? Payload, SandboxResultProblem Problem, string Error)
{
    public static SandboxResult Read(JsonObject payload) => new(payload ?? throw new ArgumentNullException(nameof(payload)), SandboxResultProblem.None, "");

    public static SandboxResult Failed(SandboxResultProblem problem, string error) =>
        problem == SandboxResultProblem.None ? throw new ArgumentOutOfRangeException(nameof(problem)) : new(null, problem, error);

    /// <summary>The payload's <c>kind</c> (<see cref="GeneratorContract"/> kinds), or null without a payload.</summary>
    public string? Kind => (string?)Payload?["kind"];
}
