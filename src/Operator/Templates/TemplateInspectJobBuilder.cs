using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// Builds the Job that inspects a CookiecutterTemplate in the sandbox (generator <c>inspect</c>). Pure. The Job name
/// carries a hash of its spec, the refresh request and the refresh <paramref name="round"/>, so a spec change, a
/// refresh annotation or a due refresh each get a new Job, and a restarted operator finds the one it created.
/// </summary>
public static class TemplateInspectJobBuilder
{
    public const string Purpose = "inspect";
    public const string ContainerName = "inspect";

    /// <param name="template">The template (git or archive source).</param>
    /// <param name="options">Operator-wide sandbox settings.</param>
    /// <param name="round">Empty for the first inspection of these inputs; the previous inspection's time for a periodic refresh.</param>
    public static TemplateInspectJob Build(CookiecutterTemplate template, SandboxOptions options, string round)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        var source = template.Spec.Source;
        var allowHooks = template.Spec.Hooks?.Enabled == true;
        var args = new List<string> { "inspect" };
        string? secret = null;
        if (source.Git is { } git)
        {
            args.AddRange(SandboxJobBuilder.SourceArgs(git.Url, git.Ref, git.Directory, allowHooks));
            secret = string.IsNullOrEmpty(git.SecretRef?.Name) ? null : git.SecretRef.Name;
        }
        else if (source.Archive is { } archive)
        {
            args.AddRange(SandboxJobBuilder.ArchiveArgs(archive.Url, archive.Sha256, archive.Directory, allowHooks));
        }
        else
        {
            throw new ArgumentException("spec.source needs git or archive.", nameof(template));
        }

        // The inspect Job also hands back the template's files (the snapshot render Jobs render from, with no network).
        args.AddRange(["--max-snapshot-bytes", options.MaxSnapshotBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var container = SandboxJobBuilder.Container(ContainerName, args, options, template.Spec.Sandbox, mountGitSecret: secret is not null, mountSource: false, sourceReadOnly: false);
        var refresh = RefreshRequest(template);
        var job = SandboxJobBuilder.Job(
            name: "pending",
            template.Metadata.NamespaceProperty,
            SandboxJobBuilder.OwnerReference(template.ApiVersion, CookiecutterTemplate.KubeKind, template.Metadata),
            CookiecutterTemplate.KubeKind,
            Purpose,
            template.Metadata.Name,
            new Dictionary<string, string>(),
            [],
            container,
            secret,
            withSourceVolume: false,
            timeoutSeconds: null,
            template.Spec.Sandbox,
            options);

        var inputHash = ChildNames.Hash(new object?[] { job.Spec, refresh, template.Metadata.Generation });
        var specHash = ChildNames.Hash(new object?[] { job.Spec, refresh, round });
        job.Metadata.Name = ChildNames.For(template.Metadata.Name, Purpose, specHash);
        job.Metadata.Annotations![WellKnown.Annotations.SpecHash] = specHash;
        if (refresh is not null)
        {
            job.Metadata.Annotations[SandboxLabels.RefreshAnnotation] = refresh;
        }

        return new TemplateInspectJob(job, inputHash);
    }

    /// <summary>The value of the refresh annotation, if any.</summary>
    public static string? RefreshRequest(CookiecutterTemplate template) =>
        template.Metadata.Annotations is { } a && a.TryGetValue(WellKnown.Annotations.RefreshRequestedAt, out var value) ? value : null;
}
