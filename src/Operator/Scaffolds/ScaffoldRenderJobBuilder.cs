using System.Globalization;
using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// Builds the Job that renders a Scaffold from its template's stored snapshot of the pinned revision (the snapshot's
/// ConfigMaps mounted read-only): no fetch, no template-source credentials, and no network at all (the template's
/// render NetworkPolicy denies all egress). The variables and the inspected choices come from the
/// <see cref="ScaffoldRenderInputConfigMapBuilder"/> ConfigMap, which the controller applies before the Job. An update
/// (spec.updateFrom) mounts the earlier Scaffold's stored project too, and the render diffs against it. A git or S3
/// output makes render an init container that leaves the archive in an emptyDir, and adds the <c>deliver</c> container:
/// the only one with the output's Secret, and (with the Scaffold's output NetworkPolicy) egress to that host alone.
/// Pure. The name carries a hash of the Job spec and of that input, so a restarted operator finds the Job instead of
/// rendering twice, and other variables give another Job.
/// </summary>
public static class ScaffoldRenderJobBuilder
{
    public const string Purpose = "render";
    public const string RenderContainerName = "render";
    public const string DeliverContainerName = "deliver";
    public const string SnapshotPath = "/var/run/dynamo-mcp/snapshot";
    public const string BasePath = "/var/run/dynamo-mcp/base";
    public const string HandoffVolume = "handoff";
    public const string HandoffPath = "/var/run/dynamo-mcp/handoff";
    public const string ArchiveFile = HandoffPath + "/project.tar.gz";
    public const string OutputSecretVolume = "output-credentials";
    public const string OutputSecretPath = "/var/run/secrets/dynamo-mcp/output";

    /// <param name="scaffold">The Scaffold to render.</param>
    /// <param name="template">Its template (sandbox settings, hooks, source URL for the project's .cruft.json).</param>
    /// <param name="snapshot">The template's snapshot of the revision to render.</param>
    /// <param name="previous">For spec.updateFrom: the earlier Scaffold, whose stored project the render diffs against.</param>
    /// <param name="options">Operator-wide sandbox settings.</param>
    public static V1Job Build(Scaffold scaffold, CookiecutterTemplate template, TemplateSnapshot snapshot, Scaffold? previous, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var source = template.Spec.Source;
        var url = source.Git?.Url ?? source.Archive?.Url ?? throw new ArgumentException("spec.source needs git or archive.", nameof(template));
        var reference = source.Git?.Ref is { Length: > 0 } r ? r : snapshot.Ref;
        var directory = source.Git?.Directory ?? source.Archive?.Directory;
        var delivers = ScaffoldOutputs.Delivers(scaffold.Spec.Output);
        var args = new List<string>
        {
            "render",
            "--snapshot-chunks", SnapshotPath,
            "--snapshot-sha256", snapshot.Sha256,
            "--revision", snapshot.Revision,
            "--template-url", url,
        };
        if (!string.IsNullOrEmpty(reference))
        {
            args.AddRange(["--ref", reference]);
        }

        if (!string.IsNullOrEmpty(directory))
        {
            args.AddRange(["--directory", directory]);
        }

        if (template.Spec.Hooks?.Enabled == true)
        {
            args.Add("--allow-hooks");
        }

        args.AddRange(
        [
            "--variables-file", ScaffoldRenderInputConfigMapBuilder.MountPath + "/" + ScaffoldRenderInputConfigMapBuilder.VariablesKey,
            "--choices-file", ScaffoldRenderInputConfigMapBuilder.MountPath + "/" + ScaffoldRenderInputConfigMapBuilder.ChoicesKey,
            "--max-output-bytes", MaxArchiveBytes(scaffold, options).ToString(CultureInfo.InvariantCulture),
            "--max-unpacked-bytes", options.MaxUnpackedBytes.ToString(CultureInfo.InvariantCulture),
        ]);
        var baseMaps = previous?.Status?.Artifact?.Names;
        if (previous is not null)
        {
            args.AddRange(["--base-chunks", BasePath, "--base-sha256", previous.Status.Artifact?.Sha256 ?? ""]);
        }

        if (delivers)
        {
            args.AddRange(["--archive-file", ArchiveFile]);
        }

        var render = SandboxJobBuilder.Container(RenderContainerName, args, options, template.Spec.Sandbox, mountGitSecret: false, mountSource: false, sourceReadOnly: true);
        render.VolumeMounts.Add(new V1VolumeMount { Name = ScaffoldRenderInputConfigMapBuilder.VolumeName, MountPath = ScaffoldRenderInputConfigMapBuilder.MountPath, ReadOnlyProperty = true });
        V1Container? deliver = null;
        if (delivers)
        {
            render.VolumeMounts.Add(new V1VolumeMount { Name = HandoffVolume, MountPath = HandoffPath });
            deliver = SandboxJobBuilder.Container(DeliverContainerName, ScaffoldOutputs.DeliverArgs(scaffold, ArchiveFile), options, template.Spec.Sandbox, mountGitSecret: false, mountSource: false, sourceReadOnly: true);
            deliver.VolumeMounts.Add(new V1VolumeMount { Name = HandoffVolume, MountPath = HandoffPath, ReadOnlyProperty = true });
            deliver.Env.Add(new V1EnvVar { Name = "DYNAMO_OUTPUT_SECRET_DIR", Value = OutputSecretPath });
            if (ScaffoldOutputs.SecretName(scaffold.Spec.Output) is not null)
            {
                deliver.VolumeMounts.Add(new V1VolumeMount { Name = OutputSecretVolume, MountPath = OutputSecretPath, ReadOnlyProperty = true });
            }
        }

        var input = ScaffoldRenderInputConfigMapBuilder.Build(scaffold, template);
        var job = SandboxJobBuilder.Job(
            name: "pending",
            scaffold.Metadata.NamespaceProperty,
            SandboxJobBuilder.OwnerReference(scaffold.ApiVersion, Scaffold.KubeKind, scaffold.Metadata),
            Scaffold.KubeKind,
            Purpose,
            template.Metadata.Name,
            new Dictionary<string, string> { [SandboxLabels.RevisionAnnotation] = snapshot.Revision },
            deliver is null ? [] : [render],
            deliver ?? render,
            gitSecretName: null,
            withSourceVolume: false,
            scaffold.Spec.TimeoutSeconds,
            template.Spec.Sandbox,
            options);
        var pod = job.Spec.Template.Spec;
        pod.Volumes.Add(new V1Volume
        {
            Name = ScaffoldRenderInputConfigMapBuilder.VolumeName,
            ConfigMap = new V1ConfigMapVolumeSource { Name = input.Metadata.Name, DefaultMode = 0x124 /* 0444 */ },
        });
        ArchiveChunkConfigMaps.Mount(pod, render, "snapshot", SnapshotPath, [.. snapshot.ConfigMaps]);
        if (baseMaps is not null)
        {
            ArchiveChunkConfigMaps.Mount(pod, render, "base", BasePath, [.. baseMaps]);
        }

        if (deliver is not null)
        {
            pod.Volumes.Add(new V1Volume { Name = HandoffVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(options.ScratchSizeLimit) } });
            if (ScaffoldOutputs.SecretName(scaffold.Spec.Output) is { } secret)
            {
                pod.Volumes.Add(new V1Volume { Name = OutputSecretVolume, Secret = new V1SecretVolumeSource { SecretName = secret, DefaultMode = 0x124 /* 0444 */ } });
            }
        }

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
