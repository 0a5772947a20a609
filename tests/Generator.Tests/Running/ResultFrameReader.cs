using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DynamoMcp.Generator.Tests.Running;

/// <summary>
/// The tests' own reader of the generator's stdout frame (the operator has its own): finds the frame,
/// decodes the base64 payload and checks its sha256 before anything trusts it.
/// </summary>
public static class ResultFrameReader
{
    public const string Begin = "-----BEGIN DYNAMO RESULT-----";
    public const string End = "-----END DYNAMO RESULT-----";

    public static JsonDocument Read(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var begin = lines.LastIndexOf(Begin);
        var end = lines.LastIndexOf(End);
        if (begin < 0 || end < begin + 2)
        {
            throw new FormatException("no complete result frame in the output");
        }

        var digestLine = lines[begin + 1];
        if (!digestLine.StartsWith("sha256:", StringComparison.Ordinal))
        {
            throw new FormatException($"frame has no sha256 line: {digestLine}");
        }

        var body = lines.GetRange(begin + 2, end - begin - 2);
        if (body.Any(l => l.Length > 76))
        {
            throw new FormatException("frame lines are wider than 76 columns");
        }

        var payload = Convert.FromBase64String(string.Concat(body));
        var actual = Convert.ToHexStringLower(SHA256.HashData(payload));
        var expected = digestLine["sha256:".Length..];
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new FormatException($"frame sha256 mismatch: header says {expected}, payload hashes to {actual}");
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(payload));
    }
}
