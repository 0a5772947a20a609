using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using k8s.Models;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// A step child's outputs (pure): a Scaffold's name, revision, file count and archive; a container's last stdout line
/// when it is a JSON object; a tool's structured content, or its text as <c>{text}</c>. Untrusted output is bounded:
/// at most <see cref="MaxBytes"/> of JSON per attempt.
/// </summary>
public static class StepOutputs
{
    /// <summary>Outputs larger than this (as JSON) stay out of the run's status, in an owned ConfigMap.</summary>
    public const int InlineBytes = 4 * 1024;

    /// <summary>The most a step's outputs may be; more are replaced by a note saying how large they were.</summary>
    public const int MaxBytes = 512 * 1024;

    public static Dictionary<string, object?> Empty() => new(StringComparer.Ordinal);

    public static Dictionary<string, object?> OfScaffold(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        var status = scaffold.Status ?? new ScaffoldStatus();
        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = scaffold.Metadata.Name,
            ["revision"] = status.Revision,
            ["fileCount"] = (long?)status.FileCount,
        };
        if (status.Artifact is { } artifact)
        {
            outputs["archive"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["configMaps"] = (artifact.Names ?? []).Cast<object?>().ToArray(),
                ["sha256"] = artifact.Sha256,
                ["size"] = artifact.Size,
            };
        }

        return outputs;
    }

    /// <summary>The last non-empty line of <paramref name="log"/> as an object, or no outputs when it is not one.</summary>
    public static Dictionary<string, object?> OfContainerLog(string? log)
    {
        var last = (log ?? "").Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        if (last is null || last.Length > MaxBytes || !last.StartsWith('{'))
        {
            return Empty();
        }

        try
        {
            return JsonNode.Parse(last) is JsonObject obj ? FreeForm.FromJsonObject(obj) : Empty();
        }
        catch (JsonException)
        {
            return Empty();
        }
    }

    /// <summary>Whether the call succeeded, its outputs, and (on failure) the tool's own words.</summary>
    public static (bool Succeeded, Dictionary<string, object?> Outputs, string Message) OfToolResult(CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        if (result.IsError == true)
        {
            return (false, Empty(), text.Length == 0 ? "The tool returned an error without a message." : Shorten(text, 1024));
        }

        if (result.StructuredContent is { ValueKind: JsonValueKind.Object } structured && JsonNode.Parse(structured.GetRawText()) is JsonObject obj)
        {
            return (true, FreeForm.FromJsonObject(obj), "");
        }

        return (true, new Dictionary<string, object?>(StringComparer.Ordinal) { ["text"] = Shorten(text, MaxBytes / 2) }, "");
    }

    /// <summary>The outputs a record holds (written by the tool-call runner), or none.</summary>
    public static Dictionary<string, object?> OfToolRecord(V1ConfigMap record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Parse(DataValue.Of(record.Data, ToolCallRecord.OutputsKey));
    }

    /// <summary>Outputs JSON as stored (status or ConfigMap), or none.</summary>
    public static Dictionary<string, object?> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return Empty();
        }

        try
        {
            return JsonNode.Parse(json) is JsonObject obj ? FreeForm.FromJsonObject(obj) : Empty();
        }
        catch (JsonException)
        {
            return Empty();
        }
    }

    /// <summary>The JSON of <paramref name="outputs"/>, or of a note when it is larger than <see cref="MaxBytes"/>.</summary>
    public static string Serialize(IDictionary<string, object?> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var json = FreeForm.ToJsonObject(outputs).ToJsonString();
        var bytes = Encoding.UTF8.GetByteCount(json);
        return bytes <= MaxBytes
            ? json
            : new JsonObject { ["truncated"] = true, ["bytes"] = bytes, ["message"] = $"The outputs were {bytes} bytes, more than the {MaxBytes} a step may keep." }.ToJsonString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
