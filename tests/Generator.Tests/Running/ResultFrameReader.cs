using System.Text.Json;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Generator.Tests.Running;

/// <summary>
/// Reads the generator's stdout frame with the operator's own reader (<see cref="SandboxResultFrame"/>, compiled into
/// this project): the sha256 is checked and the protocol version must be the operator's before anything trusts it.
/// </summary>
public static class ResultFrameReader
{
    public const string Begin = GeneratorContract.FrameBegin;
    public const string End = GeneratorContract.FrameEnd;

    public static JsonDocument Read(string output)
    {
        var result = SandboxResultFrame.Read(output);
        return result.Payload is null
            ? throw new FormatException($"{result.Problem}: {result.Error}")
            : JsonDocument.Parse(result.Payload.ToJsonString());
    }
}
