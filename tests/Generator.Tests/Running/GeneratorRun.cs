using System.Text.Json;

namespace DynamoMcp.Generator.Tests.Running;

/// <summary>One finished run of the entrypoint: exit code, both streams and the verified result payload.</summary>
public sealed record GeneratorRun(int ExitCode, string Stdout, string Stderr, JsonElement Result)
{
    public string Kind => Result.GetProperty("kind").GetString()!;

    public string? Reason => Result.TryGetProperty("reason", out var reason) ? reason.GetString() : null;

    public string Message => Result.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "";

    public override string ToString() => $"exit {ExitCode}, {Kind} {Reason} {Message}\nstderr:\n{Stderr}";
}
