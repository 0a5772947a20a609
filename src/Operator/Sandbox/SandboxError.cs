using System.Text.Json.Nodes;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>The generator's Error payload: its reason, message and per-variable problems, as one readable message.</summary>
public sealed record SandboxError(string Reason, string Message)
{
    /// <summary>Reads an Error payload; null when <paramref name="payload"/> is something else.</summary>
    public static SandboxError? From(JsonObject? payload)
    {
        if (payload is null || (string?)payload["kind"] != GeneratorContract.ErrorKind)
        {
            return null;
        }

        var message = (string?)payload["message"] ?? "the sandbox failed without a message.";
        if (payload["problems"] is JsonArray problems && problems.Count > 0)
        {
            message += " Problems: " + string.Join("; ", problems.OfType<JsonObject>().Select(p =>
                string.IsNullOrEmpty((string?)p["variable"]) ? (string?)p["message"] : $"{(string?)p["variable"]}: {(string?)p["message"]}"));
        }

        return new SandboxError((string?)payload["reason"] ?? GeneratorReasons.Internal, message);
    }
}
