using System.Globalization;
using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// Builds the Job that renders a Scaffold, pinned to a template revision. Two steps in one pod: the <c>fetch</c> init
/// container (may reach the git host) checks the revision out into an emptyDir; the <c>render</c> container runs the
/// untrusted template from that read-only copy and needs no network (in local mode it gets none). The variables and the
/// inspected choices come from the <see cref="ScaffoldRenderInputConfigMapBuilder"/> ConfigMap, mounted read-only, which
/// the controller applies before the Job. Pure. The name carries a hash of the Job spec and of that input, so a
/// restarted operator finds the Job instead of rendering twice, and other variables give another Job.
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
        var input = ScaffoldRenderInputConfigMapBuilder.Build(scaffold, template);
        renderArgs.AddRange(
        [
            "--checked-out",
            "--variables-file", ScaffoldRenderInputConfigMapBuilder.MountPath + "/" + ScaffoldRenderInputConfigMapBuilder.VariablesKey,
            "--choices-file", ScaffoldRenderInputConfigMapBuilder.MountPath + "/" + ScaffoldRenderInputConfigMapBuilder.ChoicesKey,
            "--max-output-bytes", MaxArchiveBytes(scaffold, options).ToString(CultureInfo.InvariantCulture),
            "--max-unpacked-bytes", options.MaxUnpackedBytes.ToString(CultureInfo.InvariantCulture),
        ]);
        var render = SandboxJobBuilder.Container(RenderContainerName, renderArgs, options, template.Spec.Sandbox, mountGitSecret: false, mountSource: true, sourceReadOnly: true);
        render.VolumeMounts.Add(new V1VolumeMount { Name = ScaffoldRenderInputConfigMapBuilder.VolumeName, MountPath = ScaffoldRenderInputConfigMapBuilder.MountPath, ReadOnlyProperty = true });

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
        job.Spec.Template.Spec.Volumes.Add(new V1Volume
        {
            Name = ScaffoldRenderInputConfigMapBuilder.VolumeName,
            ConfigMap = new V1ConfigMapVolumeSource { Name = input.Metadata.Name, DefaultMode = 0x124 /* 0444 */ },
        });

        // The ConfigMap's name is the Scaffold's alone: its content joins the hash, so other variables name another Job.
        var specHash = ChildNames.Hash(new object?[] { job.Spec, input.Data });
        job.Metadata.Name = ChildNames.For(scaffold.Metadata.Name, Purpose, specHash);
        job.Metadata.Annotations![WellKnown.Annotations.SpecHash] = specHash;
        return job;
    }

    /// <summary>The largest archive the Scaffold accepts: its inline maxSizeBytes, else the operator-wide cap.</summary>
    public static long MaxArchiveBytes(Scaffold scaffold, SandboxOptions options) =>
        scaffold.Spec.Output?.Inline?.MaxSizeBytes ?? options.MaxArchiveBytes;
}
