using System.Globalization;
using DynamoMcp.Api;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// Builds the Job that renders a Scaffold, pinned to a template revision. Two steps in one pod: the <c>fetch</c> init
/// container (may reach the git host) checks the revision out into an emptyDir; the <c>render</c> container runs the
/// untrusted template from that read-only copy and needs no network (in local mode it gets none). Pure. The name
/// carries a hash of the Job spec, so a restarted operator finds the Job instead of rendering twice.
/// </summary>
public static class ScaffoldRenderJobBuilder
{
    public const string Purpose = "render";
    public const string FetchContainerName = "fetch";
    public const string RenderContainerName = "render";

    public static V1Job Build(Scaffold scaffold, CookiecutterTemplate template, string revision, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentException.ThrowIfNullOrEmpty(revision);
        ArgumentNullException.ThrowIfNull(options);
        var allowHooks = template.Spec.Hooks?.Enabled == true;
        var source = SandboxJobBuilder.SourcePath + "/source";
        var fetchArgs = new List<string> { "fetch" };
        var renderArgs = new List<string> { "render" };
        string? secret = null;
        if (template.Spec.Source.Git is { } git)
        {
            secret = string.IsNullOrEmpty(git.SecretRef?.Name) ? null : git.SecretRef.Name;
            fetchArgs.AddRange(SandboxJobBuilder.SourceArgs(git.Url, revision, directory: null, allowHooks: false));
            renderArgs.AddRange(SandboxJobBuilder.SourceArgs(source, revision, git.Directory, allowHooks));
        }
        else if (template.Spec.Source.Archive is { } archive)
        {
            // Pinned to the bytes the inspection saw (revision sha256:<hex>), whether or not the spec pins a digest:
            // an archive that changed since then fails the fetch instead of rendering something never inspected.
            fetchArgs.AddRange(SandboxJobBuilder.ArchiveArgs(archive.Url, revision, directory: null, allowHooks: false));
            renderArgs.AddRange(["--source", source]);
            renderArgs.AddRange(SandboxJobBuilder.ArchiveArgs(archive.Url, revision, archive.Directory, allowHooks));
        }
        else
        {
            throw new ArgumentException("spec.source needs git or archive.", nameof(template));
        }

        fetchArgs.AddRange(["--destination", source]);
        var fetch = SandboxJobBuilder.Container(FetchContainerName, fetchArgs, options, template.Spec.Sandbox, mountGitSecret: secret is not null, mountSource: true, sourceReadOnly: false);
        renderArgs.AddRange(
        [
            "--checked-out",
            "--variables-json", FreeForm.ToJsonObject((IEnumerable<KeyValuePair<string, object?>>)RenderVariables(scaffold, template)).ToJsonString(),
            "--max-output-bytes", MaxArchiveBytes(scaffold, options).ToString(CultureInfo.InvariantCulture),
            "--max-unpacked-bytes", options.MaxUnpackedBytes.ToString(CultureInfo.InvariantCulture),
        ]);
        var render = SandboxJobBuilder.Container(RenderContainerName, renderArgs, options, template.Spec.Sandbox, mountGitSecret: false, mountSource: true, sourceReadOnly: true);

        var job = SandboxJobBuilder.Job(
            name: "pending",
            scaffold.Metadata.NamespaceProperty,
            SandboxJobBuilder.OwnerReference(scaffold.ApiVersion, Scaffold.KubeKind, scaffold.Metadata),
            Scaffold.KubeKind,
            Purpose,
            template.Metadata.Name,
            new Dictionary<string, string> { [SandboxLabels.RevisionAnnotation] = revision },
            [fetch],
            render,
            secret,
            withSourceVolume: true,
            scaffold.Spec.TimeoutSeconds,
            template.Spec.Sandbox,
            options);
        var specHash = ChildNames.Hash(job.Spec);
        job.Metadata.Name = ChildNames.For(scaffold.Metadata.Name, Purpose, specHash);
        job.Metadata.Annotations![WellKnown.Annotations.SpecHash] = specHash;
        return job;
    }

    /// <summary>
    /// The values the render uses: defaults from the template's variableOverrides (cookiecutter only knows its own
    /// cookiecutter.json), then the Scaffold's variables on top.
    /// </summary>
    public static SortedDictionary<string, object?> RenderVariables(Scaffold scaffold, CookiecutterTemplate template)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var entry in template.Spec.VariableOverrides ?? [])
        {
            if (entry.Default is not null)
            {
                values[entry.Name] = entry.Default;
            }
        }

        foreach (var (name, value) in scaffold.Spec.Variables ?? new Dictionary<string, object?>())
        {
            values[name] = value;
        }

        return values;
    }

    /// <summary>The largest archive the Scaffold accepts: its inline maxSizeBytes, else the operator-wide cap.</summary>
    public static long MaxArchiveBytes(Scaffold scaffold, SandboxOptions options) =>
        scaffold.Spec.Output?.Inline?.MaxSizeBytes ?? options.MaxArchiveBytes;
}
