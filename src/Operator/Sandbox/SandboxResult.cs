using System.Text.Json.Nodes;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>What reading a sandbox container's result gave: the verified payload, or the problem and a message.</summary>
/// <param name="ExitReason">
/// For <see cref="SandboxResultProblem.Untrusted"/>: the generator reason the container's exit code stands for, or null
/// when the code is none of the generator's (0, a signal).
/// </param>
public sealed record SandboxResult(JsonObject? Payload, SandboxResultProblem Problem, string Error, string? ExitReason = null)
{
    public static SandboxResult Read(JsonObject payload) => new(payload ?? throw new ArgumentNullException(nameof(payload)), SandboxResultProblem.None, "");

    public static SandboxResult Failed(SandboxResultProblem problem, string error) =>
        problem == SandboxResultProblem.None ? throw new ArgumentOutOfRangeException(nameof(problem)) : new(null, problem, error);

    /// <summary>A frame that was read but not trusted; <paramref name="exitReason"/> is what the exit code says, if anything.</summary>
    public static SandboxResult Untrusted(string error, string? exitReason) => new(null, SandboxResultProblem.Untrusted, error, exitReason);

    /// <summary>The payload's <c>kind</c> (<see cref="GeneratorContract"/> kinds), or null without a payload.</summary>
    public string? Kind => (string?)Payload?["kind"];
}
