using System.Text.Json.Nodes;
using DynamoMcp.Api;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// The custom resources the bridge writes, built as the API's typed objects in one place: a renamed field breaks the
/// build here, not a request in production.
/// </summary>
public static class TemplateManifests
{
    /// <summary>Label naming the identity that created a resource through the bridge (a Scaffold, a WorkflowRun).</summary>
    public const string CreatedByLabel = WellKnown.Group + "/created-by";

    public static CookiecutterTemplate CookiecutterTemplate(
        string @namespace, string name, string gitUrl, string? gitRef, string? directory, string? description, IReadOnlyList<string>? tags) =>
        CookiecutterTemplate(@namespace, name, GitSource(gitUrl, gitRef, directory), description, tags);

    /// <summary>spec.source for a git repository.</summary>
    public static TemplateSource GitSource(string url, string? gitRef, string? directory) => new()
    {
        Git = new GitSource { Url = url, Ref = OrNull(gitRef), Directory = OrNull(directory) },
    };

    /// <summary>spec.source for a zip or tar.gz archive.</summary>
    public static TemplateSource ArchiveSource(string url, string? sha256, string? directory) => new()
    {
        Archive = new ArchiveSource { Url = url, Sha256 = OrNull(sha256), Directory = OrNull(directory) },
    };

    public static CookiecutterTemplate CookiecutterTemplate(string @namespace, string name, TemplateSource source, string? description, IReadOnlyList<string>? tags) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Spec = new CookiecutterTemplateSpec
        {
            Source = source,
            Description = OrNull(description),
            Tags = tags is { Count: > 0 } ? [.. tags] : null,
        },
    };

    public static Scaffold Scaffold(string @namespace, string name, string templateName, JsonObject variables, string caller, ScaffoldOutput? output = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            Labels = new Dictionary<string, string> { [CreatedByLabel] = LabelValue(caller) },
        },
        Spec = new ScaffoldSpec
        {
            TemplateRef = new TemplateReference { Name = templateName },
            Variables = FreeForm.FromJsonObject(variables),
            Output = output,
        },
    };

    /// <summary>
    /// A Scaffold that updates the project Scaffold <paramref name="from"/> generated: the same template, at
    /// <paramref name="revision"/> (the template's current one when null), with only the <paramref name="changes"/> to
    /// its variables (the operator overlays them on the earlier project's own).
    /// </summary>
    public static Scaffold UpdateScaffold(string @namespace, string name, string templateName, string from, string? revision, JsonObject changes, string caller)
    {
        var scaffold = Scaffold(@namespace, name, templateName, changes, caller);
        scaffold.Spec.UpdateFrom = new ScaffoldReference { Name = from };
        scaffold.Spec.Revision = OrNull(revision)?.Trim();
        scaffold.Spec.Variables = changes.Count == 0 ? null : scaffold.Spec.Variables;
        return scaffold;
    }

    /// <summary>A merge patch that asks the operator to refresh now (like Flux's reconcile.fluxcd.io/requestedAt).</summary>
    public static V1Patch RefreshPatch(DateTimeOffset now) => new(
        new { metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [WellKnown.Annotations.RefreshRequestedAt] = now.ToString("O") } } },
        V1Patch.PatchType.MergePatch);

    private static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary><paramref name="value"/> made a valid label value (an identity name may hold '@' or ':').</summary>
    public static string LabelValue(string value)
    {
        var cleaned = new string([.. value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        cleaned = cleaned.Length > 63 ? cleaned[..63] : cleaned;
        return cleaned.Trim('-', '_', '.');
    }
}
