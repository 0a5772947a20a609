using System.Text.Json.Nodes;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>What reading a sandbox container's result gave: the verified payload, or the problem and a message.</summary>
public sealed record SandboxResult(JsonObject? Payload, SandboxResultProblem Problem, string Error)
{
    public static SandboxResult Read(JsonObject payload) => new(payload ?? throw new ArgumentNullException(nameof(payload)), SandboxResultProblem.None, "");

    public static SandboxResult Failed(SandboxResultProblem problem, string error) =>
        problem == SandboxResultProblem.None ? throw new ArgumentOutOfRangeException(nameof(problem)) : new(null, problem, error);

    /// <summary>
    /// A result taken apart as (payload, error) put together again, the problem recovered from the reader's message.
    /// For callers of <see cref="SandboxLogReader.ReadAsync"/>; <see cref="SandboxLogReader.ReadResultAsync"/> keeps it.
    /// </summary>
    public static SandboxResult FromParts(JsonObject? payload, string error)
    {
        if (payload is not null)
        {
            return Read(payload);
        }

        var problem = error.Contains(SandboxResultFrame.UnknownProtocolMarker, StringComparison.Ordinal) ? SandboxResultProblem.UnknownProtocol
            : error.Contains(SandboxResultFrame.OutOfMemoryMarker, StringComparison.Ordinal) ? SandboxResultProblem.OutOfMemory
            : error.Contains(SandboxResultFrame.CorruptMarker, StringComparison.Ordinal) ? SandboxResultProblem.Corrupt
            : SandboxResultProblem.Missing;
        return Failed(problem, error);
    }

    /// <summary>The payload's <c>kind</c> (<see cref="GeneratorContract"/> kinds), or null without a payload.</summary>
    public string? Kind => (string?)Payload?["kind"];

    /// <summary><c>var (payload, error) = ...</c>, as the reader returned before problems were typed.</summary>
    public void Deconstruct(out JsonObject? payload, out string error)
    {
        payload = Payload;
        error = Error;
    }
}
