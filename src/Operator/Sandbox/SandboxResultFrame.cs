using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// Reads and writes the generator's result frame (<see cref="GeneratorContract"/>, images/generator/README.md). A reader
/// takes the LAST frame (the generator writes its own as its last act, after killing the template's processes), joins
/// the base64 lines, checks the sha256 before parsing, and accepts only the protocol version it knows; whether the frame
/// agrees with how the container ended is <c>SandboxLogReader.WithPodStatus</c>'s to check. Dependency-free on
/// purpose: tests/Generator.Tests compiles this file to read the generator's output.
/// </summary>
public static class SandboxResultFrame
{
    public const string Begin = GeneratorContract.FrameBegin;
    public const string End = GeneratorContract.FrameEnd;

    // Phrases of the problem messages, kept in one place.
    internal const string UnknownProtocolMarker = "the sandbox image speaks ";
    internal const string CorruptMarker = "; the frame is corrupt";
    internal const string OutOfMemoryMarker = " ran out of memory";

    /// <summary>The verified payload of the last frame in <paramref name="log"/>, or the problem and what to do.</summary>
    public static SandboxResult Read(string? log)
    {
        if (string.IsNullOrEmpty(log))
        {
            return SandboxResult.Failed(SandboxResultProblem.Missing,
                "the sandbox pod's log is empty: the container printed no result (killed, out of memory, or never started).");
        }

        var begin = log.LastIndexOf(Begin, StringComparison.Ordinal);
        if (begin < 0)
        {
            return SandboxResult.Failed(SandboxResultProblem.Missing,
                "the sandbox pod's log holds no result frame: the container ended before printing it (killed, out of memory, or a broken image).");
        }

        var end = log.IndexOf(End, begin, StringComparison.Ordinal);
        if (end < 0)
        {
            return SandboxResult.Failed(SandboxResultProblem.Missing,
                "the sandbox pod's result frame is cut off (no end marker): the log was truncated or the container was killed while printing.");
        }

        var lines = log[(begin + Begin.Length)..end].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 1 || !lines[0].StartsWith(GeneratorContract.DigestPrefix, StringComparison.Ordinal))
        {
            return SandboxResult.Failed(SandboxResultProblem.Corrupt, "the sandbox pod's result frame has no sha256 line" + CorruptMarker + ".");
        }

        byte[] document;
        try
        {
            document = Convert.FromBase64String(string.Concat(lines.Skip(1)));
        }
        catch (FormatException)
        {
            return SandboxResult.Failed(SandboxResultProblem.Corrupt, "the sandbox pod's result frame is not valid base64" + CorruptMarker + ".");
        }

        var expected = lines[0][GeneratorContract.DigestPrefix.Length..].Trim();
        var actual = Convert.ToHexStringLower(SHA256.HashData(document));
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return SandboxResult.Failed(SandboxResultProblem.Corrupt,
                $"the sandbox pod's result frame fails its checksum (sha256 {actual}, frame says {expected}){CorruptMarker}: the log was altered or truncated.");
        }

        JsonObject? payload = null;
        try
        {
            payload = JsonNode.Parse(Encoding.UTF8.GetString(document)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        if (payload?["kind"] is not JsonValue kind || !kind.TryGetValue<string>(out _))
        {
            return SandboxResult.Failed(SandboxResultProblem.Corrupt, "the sandbox pod's result frame is not a JSON object with a kind" + CorruptMarker + ".");
        }

        if (ProtocolOf(payload) is not GeneratorContract.ProtocolVersion)
        {
            var speaks = ProtocolOf(payload) is { } version ? $"protocol {version}" : "no protocol version (its payload has none)";
            return SandboxResult.Failed(SandboxResultProblem.UnknownProtocol,
                $"{UnknownProtocolMarker}{speaks}, this operator knows {GeneratorContract.ProtocolVersion}: upgrade the operator " +
                $"or pin the image (Sandbox:Image) to one that speaks protocol {GeneratorContract.ProtocolVersion}.");
        }

        return SandboxResult.Read(payload);
    }

    /// <summary>The verified payload, or null with <paramref name="error"/> saying what was wrong.</summary>
    public static JsonObject? TryRead(string? log, out string error)
    {
        var result = Read(log);
        error = result.Error;
        return result.Payload;
    }

    /// <summary>
    /// Encodes a payload as the generator's encode_frame does: compact JSON with non-ASCII kept as UTF-8 (byte for byte
    /// the same for payloads of printable text; the generator writes other control characters as lower-case \u00xx).
    /// </summary>
    public static string Encode(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return EncodeDocument(Encoding.UTF8.GetBytes(payload.ToJsonString(options)));
    }

    /// <summary>Frames a JSON document's UTF-8 bytes: begin marker, sha256 line, base64 lines, end marker, each ended by a newline.</summary>
    public static string EncodeDocument(byte[] document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var base64 = Convert.ToBase64String(document);
        var builder = new StringBuilder().Append(Begin).Append('\n')
            .Append(GeneratorContract.DigestPrefix).Append(Convert.ToHexStringLower(SHA256.HashData(document))).Append('\n');
        for (var i = 0; i < base64.Length; i += GeneratorContract.Base64LineWidth)
        {
            builder.Append(base64.AsSpan(i, Math.Min(GeneratorContract.Base64LineWidth, base64.Length - i))).Append('\n');
        }

        return builder.Append(End).Append('\n').ToString();
    }

    /// <summary>The payload's integer <c>version</c>, or null when it has none (or not an integer).</summary>
    private static long? ProtocolOf(JsonObject payload) =>
        payload["version"] is JsonValue value && value.TryGetValue<long>(out var version) ? version : null;
}
