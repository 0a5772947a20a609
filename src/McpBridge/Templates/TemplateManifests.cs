using System.Text.Json.Nodes;
using DynamoMcp.Api;
using DynamoMcp.McpBridge.Kubernetes;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>The custom resources the bridge writes, built as JSON in one place so field names live here only.</summary>
public static class TemplateManifests
{
    public static JsonObject CookiecutterTemplate(
        string @namespace, string name, string gitUrl, string? gitRef, string? directory, string? description, IReadOnlyList<string>? tags) =>
        CookiecutterTemplate(@namespace, name, GitSource(gitUrl, gitRef, directory), description, tags);

    /// <summary>spec.source for a git repository.</summary>
    public static JsonObject GitSource(string url, string? gitRef, string? directory)
    {
        var git = new JsonObject { ["url"] = url };
        if (!string.IsNullOrWhiteSpace(gitRef))
        {
            git["ref"] = gitRef;
        }

        if (!string.IsNullOrWhiteSpace(directory))
        {
            git["directory"] = directory;
        }

        return new JsonObject { ["git"] = git };
    }

    /// <summary>spec.source for a zip or tar.gz archive.</summary>
    public static JsonObject ArchiveSource(string url, string? sha256, string? directory)
    {
        var archive = new JsonObject { ["url"] = url };
        if (!string.IsNullOrWhiteSpace(sha256))
        {
            archive["sha256"] = sha256;
        }

        if (!string.IsNullOrWhiteSpace(directory))
        {
            archive["directory"] = directory;
        }

        return new JsonObject { ["archive"] = archive };
    }

    public static JsonObject CookiecutterTemplate(string @namespace, string name, JsonObject source, string? description, IReadOnlyList<string>? tags)
    {
        var spec = new JsonObject { ["source"] = source };

        if (!string.IsNullOrWhiteSpace(description))
        {
            spec["description"] = description;
        }

        if (tags is { Count: > 0 })
        {
            spec["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]);
        }

        return Envelope(CustomResourceKind.CookiecutterTemplate, @namespace, name, spec);
    }

    public static JsonObject Scaffold(string @namespace, string name, string templateName, JsonObject variables, string caller)
    {
        var scaffold = Envelope(CustomResourceKind.Scaffold, @namespace, name, new JsonObject
        {
            ["templateRef"] = new JsonObject { ["name"] = templateName },
            ["variables"] = variables.DeepClone(),
        });
        scaffold["metadata"]!["labels"] = new JsonObject { [WellKnown.Group + "/created-by"] = LabelValue(caller) };
        return scaffold;
    }

    /// <summary>A merge patch that asks the operator to refresh now (like Flux's reconcile.fluxcd.io/requestedAt).</summary>
    public static JsonObject RefreshPatch(DateTimeOffset now) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["annotations"] = new JsonObject { [WellKnown.Annotations.RefreshRequestedAt] = now.ToString("O") },
        },
    };

    private static JsonObject Envelope(CustomResourceKind kind, string @namespace, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = kind.ApiVersion,
        ["kind"] = kind.Kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
        ["spec"] = spec,
    };

    private static string LabelValue(string value)
    {
        var cleaned = new string([.. value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        cleaned = cleaned.Length > 63 ? cleaned[..63] : cleaned;
        return cleaned.Trim('-', '_', '.');
    }
}
