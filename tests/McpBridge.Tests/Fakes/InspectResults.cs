using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Templates;

namespace DynamoMcp.McpBridge.Tests.Fakes;

/// <summary>
/// Template status as the operator writes it: an InspectResult payload in the generator's shape
/// (images/generator/README.md; the schema as images/generator/dynamo_generator/template.py json_schema builds it:
/// every variable has a default, nothing is required) read by the operator's own <see cref="InspectResultParser"/>,
/// with the template's spec.variableOverrides applied by <see cref="VariableOverrideApplier"/>.
/// </summary>
internal static class InspectResults
{
    public const string Revision = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>One entry of InspectResult.variables.</summary>
    public static JsonObject Variable(string name, string type, JsonNode? @default, string? description = null, IReadOnlyList<string>? choices = null, bool derived = false)
    {
        var variable = new JsonObject { ["name"] = name, ["type"] = type };
        if (choices is not null)
        {
            variable["choices"] = new JsonArray([.. choices.Select(c => (JsonNode)JsonValue.Create(c))]);
        }

        variable["default"] = @default;
        variable["derived"] = derived;
        if (description is not null)
        {
            variable["description"] = description;
        }

        return variable;
    }

    /// <summary>The sample template of the bridge tests: a Python service with a name, a license and a port.</summary>
    public static JsonObject Sample(string title) => Payload(
        title,
        Variable("project_name", "string", "my_app", "Python package name"),
        Variable("license", "choice", "MIT", choices: ["MIT", "Apache-2.0"]),
        Variable("port", "integer", 8080));

    /// <summary>A whole InspectResult payload for <paramref name="variables"/>.</summary>
    public static JsonObject Payload(string title, params JsonObject[] variables) => new()
    {
        ["kind"] = "InspectResult",
        ["source"] = $"https://example.com/{title}.git",
        ["ref"] = null,
        ["resolvedRef"] = "HEAD",
        ["revision"] = Revision,
        ["directory"] = null,
        ["cookiecutterVersion"] = "2.6.0",
        ["template"] = new JsonObject
        {
            ["projectDirectory"] = "{{cookiecutter.project_name}}",
            ["hasHooks"] = false,
            ["hooks"] = new JsonArray(),
            ["extensions"] = new JsonArray(),
            ["copyWithoutRender"] = new JsonArray(),
        },
        ["variables"] = new JsonArray([.. variables.Select(v => (JsonNode)v.DeepClone())]),
        ["schema"] = Schema(title, variables),
        ["snapshot"] = SnapshotPayload(title),
    };

    /// <summary>InspectResult.snapshot: a real tar.gz of a cookiecutter.json, as the generator packs the template's files.</summary>
    private static JsonObject SnapshotPayload(string title)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: false))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "cookiecutter.json")
            {
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"{{\"project_name\": \"{title}\"}}")),
            });
        }

        var archive = buffer.ToArray();
        return new JsonObject
        {
            ["format"] = "tar+gzip",
            ["files"] = 1,
            ["archiveBytes"] = archive.Length,
            ["archiveSha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive)),
            ["archive"] = Convert.ToBase64String(archive),
        };
    }

    /// <summary>
    /// The status of a template whose inspection returned <paramref name="payload"/>, Ready as the operator marks it;
    /// the template's spec.variableOverrides are applied.
    /// </summary>
    public static CookiecutterTemplateStatus ReadyStatus(CookiecutterTemplate template, JsonObject payload)
    {
        var inspected = InspectResultParser.TryParse(payload, out var error)
            ?? throw new InvalidOperationException("The fake InspectResult does not parse: " + error);
        var (variables, schema, unknown) = VariableOverrideApplier.Apply(inspected, template.Spec.VariableOverrides);
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException("The fake template overrides variables it does not have: " + string.Join(", ", unknown));
        }

        var status = new CookiecutterTemplateStatus
        {
            ResolvedRevision = inspected.Revision,
            Variables = variables,
            VariableCount = variables.Count,
            InputSchema = schema,
            LastInspected = DateTime.UtcNow,
            Snapshots = [Snapshot(template.Metadata.Name, inspected.Revision, (string?)payload["resolvedRef"])],
        };
        status.MarkReady(
            template.Metadata.Generation,
            ConditionReasons.Succeeded,
            $"Inspected revision {inspected.Revision}: {variables.Count} variables.",
            TimeProvider.System);
        return status;
    }

    /// <summary>
    /// The snapshot entry the operator records for an inspection at <paramref name="revision"/> (its chunks named after
    /// the template and the revision); the bridge reads revision, ref and inspectedAt.
    /// </summary>
    public static TemplateSnapshot Snapshot(string template, string revision, string? gitRef) => new()
    {
        Revision = revision,
        Ref = gitRef,
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(template + revision))),
        Size = 1024,
        Files = 3,
        ConfigMaps = [$"{template}-snapshot-{revision[..7]}-0"],
        InspectedAt = OperatorActions.Seconds(DateTime.UtcNow),
    };

    // template.py json_schema, property by property.
    private static JsonObject Schema(string title, IEnumerable<JsonObject> variables)
    {
        var properties = new JsonObject();
        foreach (var variable in variables)
        {
            var name = (string)variable["name"]!;
            var type = (string)variable["type"]!;
            var property = new JsonObject { ["title"] = name };
            if (variable["description"] is { } description)
            {
                property["description"] = description.DeepClone();
            }

            switch (type)
            {
                case "choice":
                    property["type"] = "string";
                    property["enum"] = variable["choices"]!.DeepClone();
                    break;
                case "object" or "boolean" or "integer" or "number":
                    property["type"] = type;
                    break;
                default:
                    property["type"] = "string";
                    property["maxLength"] = 1024;
                    break;
            }

            property["default"] = variable["default"]?.DeepClone();
            if (variable["derived"] is JsonValue derived && derived.GetValue<bool>())
            {
                property["x-derived"] = true;
            }

            properties[name] = property;
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = title,
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
    }
}
