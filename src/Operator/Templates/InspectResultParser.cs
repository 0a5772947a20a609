using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Templates;

/// <summary>Turns the generator's InspectResult payload (images/generator/README.md) into template status data.</summary>
public static class InspectResultParser
{
    /// <summary>The inspected template, or null with <paramref name="error"/> when the payload is not a usable InspectResult.</summary>
    public static InspectedTemplate? TryParse(JsonObject payload, out string error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        error = "";
        if ((string?)payload["kind"] != GeneratorContract.InspectResultKind)
        {
            error = $"the sandbox returned a {(string?)payload["kind"]} where an InspectResult was expected.";
            return null;
        }

        var revision = (string?)payload["revision"];
        if (string.IsNullOrEmpty(revision) || payload["variables"] is not JsonArray list || payload["schema"] is not JsonObject schema)
        {
            error = "the sandbox's InspectResult lacks revision, variables or schema; the generator image does not match this operator.";
            return null;
        }

        var variables = new List<TemplateVariable>();
        foreach (var item in list.OfType<JsonObject>())
        {
            var name = (string?)item["name"];
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            variables.Add(new TemplateVariable
            {
                Name = name,
                Type = ParseType((string?)item["type"]),
                Default = FreeForm.FromJsonNode(item["default"]),
                Choices = item["choices"] is JsonArray choices ? choices.Select(c => c?.ToString() ?? "").ToList() : null,
                Description = (string?)item["description"],
                Derived = item["derived"] is JsonValue d && d.GetValue<bool>() ? true : null,
            });
        }

        if (ParseSnapshot(payload["snapshot"] as JsonObject, out error) is not { } snapshot)
        {
            return null;
        }

        var reference = (string?)payload["ref"] ?? (string?)payload["resolvedRef"];
        return new InspectedTemplate(revision, reference, variables, FreeForm.FromJsonObject(schema), snapshot);
    }

    private static InspectedSnapshot? ParseSnapshot(JsonObject? snapshot, out string error)
    {
        error = "";
        if (snapshot is null)
        {
            error = "the sandbox's InspectResult has no snapshot of the template's files; the generator image is older than this operator.";
            return null;
        }

        byte[] archive;
        try
        {
            archive = Convert.FromBase64String((string?)snapshot["archive"] ?? "");
        }
        catch (FormatException)
        {
            error = "the sandbox's template snapshot is not valid base64.";
            return null;
        }

        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive));
        if (archive.Length == 0 || !string.Equals(sha, (string?)snapshot["archiveSha256"], StringComparison.Ordinal))
        {
            error = $"the sandbox's template snapshot fails its checksum (sha256 {sha}, result says {(string?)snapshot["archiveSha256"]}).";
            return null;
        }

        var files = snapshot["files"] is JsonValue count && count.TryGetValue<int>(out var n) ? n : (int?)null;
        return new InspectedSnapshot(archive, sha, files);
    }

    private static TemplateVariableType ParseType(string? type) => type switch
    {
        "boolean" => TemplateVariableType.Boolean,
        "integer" => TemplateVariableType.Integer,
        "number" => TemplateVariableType.Number,
        "choice" => TemplateVariableType.Choice,
        "object" => TemplateVariableType.Object,
        "array" => TemplateVariableType.Array,
        _ => TemplateVariableType.String,
    };
}
