using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// The parts every sandbox Job shares (DESIGN.md "The sandbox"): Pod Security Standard "restricted", no
/// service-account token, read-only root with scratch emptyDirs, limits, deadline, no retries by default,
/// ttlSecondsAfterFinished, optional runtimeClassName, and the sandbox label the default-deny NetworkPolicy selects.
/// Pure: no client, no clock.
/// </summary>
public static class SandboxJobBuilder
{
    public const string ScratchVolume = "tmp";
    public const string SourceVolume = "source";
    public const string GitSecretVolume = "git-credentials";
    public const string GitSecretPath = "/var/run/secrets/dynamo-mcp/git";
    public const string SourcePath = "/workspace";

    /// <summary>A generator container running <paramref name="args"/> (the image's entrypoint is entrypoint.py).</summary>
    public static V1Container Container(
        string name, IList<string> args, SandboxOptions options, SandboxSettings? settings, bool mountGitSecret, bool mountSource, bool sourceReadOnly)
    {
        var mounts = new List<V1VolumeMount> { new() { Name = ScratchVolume, MountPath = "/tmp" } };
        if (mountSource)
        {
            mounts.Add(new V1VolumeMount { Name = SourceVolume, MountPath = SourcePath, ReadOnlyProperty = sourceReadOnly ? true : null });
        }

        if (mountGitSecret)
        {
            mounts.Add(new V1VolumeMount { Name = GitSecretVolume, MountPath = GitSecretPath, ReadOnlyProperty = true });
        }

        return new V1Container
        {
            Name = name,
            Image = options.Image,
            ImagePullPolicy = options.ImagePullPolicy,
            Args = args,
            Env = [new V1EnvVar { Name = "TMPDIR", Value = "/tmp" }, new V1EnvVar { Name = "HOME", Value = "/tmp" }],
            Resources = MergeResources(options.Resources, settings?.Resources),
            VolumeMounts = mounts,
            SecurityContext = RestrictedSecurityContext(),
            TerminationMessagePolicy = "FallbackToLogsOnError",
        };
    }

    /// <summary>A container's part of Pod Security Standard "restricted": no escalation, read-only root, non-root, no capabilities, RuntimeDefault seccomp.</summary>
    public static V1SecurityContext RestrictedSecurityContext() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Privileged = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>The Job around the sandbox containers, owned by <paramref name="owner"/>.</summary>
    public static V1Job Job(
        string name,
        string @namespace,
        V1OwnerReference owner,
        string ownerKind,
        string purpose,
        string templateName,
        IReadOnlyDictionary<string, string> annotations,
        IList<V1Container> initContainers,
        V1Container container,
        string? gitSecretName,
        bool withSourceVolume,
        int? timeoutSeconds,
        SandboxSettings? settings,
        SandboxOptions options)
    {
        var labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(ownerKind, owner.Name), StringComparer.Ordinal)
        {
            [SandboxLabels.Purpose] = purpose,
            [SandboxLabels.Template] = templateName,
        };
        var podLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal) { [SandboxLabels.Sandbox] = "true" };
        var volumes = new List<V1Volume> { new() { Name = ScratchVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(options.ScratchSizeLimit) } } };
        if (withSourceVolume)
        {
            volumes.Add(new V1Volume { Name = SourceVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(options.ScratchSizeLimit) } });
        }

        if (gitSecretName is not null)
        {
            volumes.Add(new V1Volume { Name = GitSecretVolume, Secret = new V1SecretVolumeSource { SecretName = gitSecretName, DefaultMode = 0x124 /* 0444 */ } });
        }

        var timeout = timeoutSeconds ?? settings?.TimeoutSeconds ?? options.ActiveDeadlineSeconds;
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = @namespace,
                Labels = labels,
                Annotations = new Dictionary<string, string>(annotations, StringComparer.Ordinal),
                OwnerReferences = [owner],
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = options.BackoffLimit,
                // The pod's deadline is the timeout, counted from when it runs; the Job's adds the time it may wait to start.
                ActiveDeadlineSeconds = timeout + options.MaxQueueSeconds,
                TtlSecondsAfterFinished = options.TtlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ActiveDeadlineSeconds = timeout,
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        RuntimeClassName = NullIfEmpty(settings?.RuntimeClassName) ?? NullIfEmpty(options.RuntimeClassName),
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = options.RunAsUser,
                            RunAsGroup = options.RunAsUser,
                            FsGroup = options.RunAsUser,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        InitContainers = initContainers.Count == 0 ? null : initContainers,
                        Containers = [container],
                        Volumes = volumes,
                    },
                },
            },
        };
    }

    /// <summary>The controller ownerReference of a child of <paramref name="owner"/>.</summary>
    public static V1OwnerReference OwnerReference(string apiVersion, string kind, V1ObjectMeta owner) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>Generator arguments naming the template source: --source, --ref, --directory, --allow-hooks.</summary>
    public static List<string> SourceArgs(string source, string? reference, string? directory, bool allowHooks)
    {
        var args = new List<string> { "--source", source };
        if (!string.IsNullOrEmpty(reference))
        {
            args.AddRange(["--ref", reference]);
        }

        if (!string.IsNullOrEmpty(directory))
        {
            args.AddRange(["--directory", directory]);
        }

        if (allowHooks)
        {
            args.Add("--allow-hooks");
        }

        return args;
    }

    /// <summary>
    /// Generator arguments naming an archive source: --archive-url, --archive-sha256 (hex or <c>sha256:hex</c>),
    /// --directory, --allow-hooks.
    /// </summary>
    public static List<string> ArchiveArgs(string url, string? sha256, string? directory, bool allowHooks)
    {
        var args = new List<string> { "--archive-url", url };
        if (!string.IsNullOrEmpty(sha256))
        {
            args.AddRange(["--archive-sha256", sha256]);
        }

        if (!string.IsNullOrEmpty(directory))
        {
            args.AddRange(["--directory", directory]);
        }

        if (allowHooks)
        {
            args.Add("--allow-hooks");
        }

        return args;
    }

    /// <summary>The template's requests and limits win per resource; the operator's fill the rest, so a pod is never unbounded.</summary>
    public static V1ResourceRequirements MergeResources(V1ResourceRequirements defaults, V1ResourceRequirements? overrides)
    {
        static Dictionary<string, ResourceQuantity> Merge(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
        {
            var merged = new Dictionary<string, ResourceQuantity>(a ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
            foreach (var (name, quantity) in b ?? new Dictionary<string, ResourceQuantity>())
            {
                merged[name] = quantity;
            }

            return merged;
        }

        var requests = Merge(defaults.Requests, overrides?.Requests);
        var limits = Merge(defaults.Limits, overrides?.Limits);
        foreach (var (name, limit) in limits)
        {
            // A default request above a lower limit from the template would make the pod invalid.
            if (requests.TryGetValue(name, out var request) && request.ToDecimal() > limit.ToDecimal())
            {
                requests[name] = limit;
            }
        }

        return new V1ResourceRequirements { Requests = requests, Limits = limits };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
