using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// Reads the generator's result frame from a pod log (images/generator/README.md): takes the LAST frame, because a
/// hook can print a fake one earlier (stderr shares the log), joins the base64 lines and checks the sha256 before
/// parsing.
/// </summary>
public static class SandboxResultFrame
{
    public const string Begin = "-----BEGIN DYNAMO RESULT-----";
    public const string End = "-----END DYNAMO RESULT-----";

    /// <summary>The verified payload, or null with <paramref name="error"/> saying what was wrong.</summary>
    public static JsonObject? TryRead(string? log, out string error)
    {
        error = "";
        if (string.IsNullOrEmpty(log))
        {
            error = "the sandbox pod's log is empty: the container printed no result (killed, out of memory, or never started).";
            return null;
        }

        var begin = log.LastIndexOf(Begin, StringComparison.Ordinal);
        if (begin < 0)
        {
            error = "the sandbox pod's log holds no result frame: the container ended before printing it (killed, out of memory, or a broken image).";
            return null;
        }

        var end = log.IndexOf(End, begin, StringComparison.Ordinal);
        if (end < 0)
        {
            error = "the sandbox pod's result frame is cut off (no end marker): the log was truncated or the container was killed while printing.";
            return null;
        }

        var lines = log[(begin + Begin.Length)..end].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 1 || !lines[0].StartsWith("sha256:", StringComparison.Ordinal))
        {
            error = "the sandbox pod's result frame has no sha256 line.";
            return null;
        }

        byte[] document;
        try
        {
            document = Convert.FromBase64String(string.Concat(lines.Skip(1)));
        }
        catch (FormatException)
        {
            error = "the sandbox pod's result frame is not valid base64.";
            return null;
        }

        var expected = lines[0]["sha256:".Length..].Trim();
        var actual = Convert.ToHexStringLower(SHA256.HashData(document));
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            error = $"the sandbox pod's result frame fails its checksum (sha256 {actual}, frame says {expected}); the log was altered or truncated.";
            return null;
        }

        try
        {
            if (JsonNode.Parse(Encoding.UTF8.GetString(document)) is JsonObject payload && payload["kind"] is JsonValue)
            {
                return payload;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        error = "the sandbox pod's result frame is not a JSON object with a kind.";
        return null;
    }

    /// <summary>Encodes a payload the way the generator does (for tests and tools).</summary>
    public static string Encode(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var document = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var base64 = Convert.ToBase64String(document);
        var builder = new StringBuilder().Append(Begin).Append('\n').Append("sha256:").Append(Convert.ToHexStringLower(SHA256.HashData(document))).Append('\n');
        for (var i = 0; i < base64.Length; i += 76)
        {
            builder.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append('\n');
        }

        return builder.Append(End).Append('\n').ToString();
    }
}
