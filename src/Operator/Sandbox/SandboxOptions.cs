using DynamoMcp.Api.Scaffolds;
using k8s.Models;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>Operator-wide settings of the sandbox Jobs that inspect and render templates (configuration section <c>Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    /// <summary>The generator image (images/generator); its entrypoint is <c>entrypoint.py</c>.</summary>
    public string Image { get; set; } = "ghcr.io/dynamo-mcp/generator:0.1.0";

    public string ImagePullPolicy { get; set; } = "IfNotPresent";

    /// <summary>RuntimeClass of sandbox pods (gvisor, kata) unless the template sets its own; none when empty.</summary>
    public string? RuntimeClassName { get; set; }

    /// <summary>
    /// How long a sandbox pod may run unless the template or Scaffold sets a timeout: the pod's activeDeadlineSeconds,
    /// which counts from its start on a node, so time spent waiting to be scheduled is not part of it.
    /// </summary>
    public int ActiveDeadlineSeconds { get; set; } = 300;

    /// <summary>
    /// How long a sandbox pod may wait to start (unscheduled, image pull; in local mode, a free sandbox slot) before its
    /// Job gives up: the Job's activeDeadlineSeconds is the pod's timeout plus this.
    /// </summary>
    public int MaxQueueSeconds { get; set; } = 600;

    /// <summary>Retries of a failed sandbox pod. The generator's failures are deterministic, so the default is none.</summary>
    public int BackoffLimit { get; set; }

    /// <summary>Finished sandbox Jobs are deleted after this long; their result is already in status or ConfigMaps.</summary>
    public int TtlSecondsAfterFinished { get; set; } = 600;

    /// <summary>User and group the sandbox runs as (the image's non-root user).</summary>
    public long RunAsUser { get; set; } = 65532;

    /// <summary>Largest archive stored inline unless a Scaffold's output sets maxSizeBytes.</summary>
    public long MaxArchiveBytes { get; set; } = ScaffoldResultFormat.DefaultMaxArchiveBytes;

    /// <summary>Limit of the generated files before compression (the generator's --max-unpacked-bytes).</summary>
    public long MaxUnpackedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Largest snapshot of a template's files (tar.gz) an inspect Job hands back (the generator's --max-snapshot-bytes);
    /// stored as ConfigMap chunks owned by the template. A bigger template fails inspection with SnapshotTooLarge. The
    /// frame carrying it is base64 twice over (about 1.8x) and must fit the kubelet's container log (10 MiB by default).
    /// </summary>
    public long MaxSnapshotBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>How many template revisions' snapshots are kept (the current one included), for Scaffolds that pin an older revision and for updates.</summary>
    public int SnapshotHistory { get; set; } = 3;

    /// <summary>Size limit of the scratch volumes (/tmp and the fetched source).</summary>
    public string ScratchSizeLimit { get; set; } = "512Mi";

    /// <summary>
    /// Where sandbox pods may open connections to a template's git host. NetworkPolicy cannot name hosts, so the
    /// host's port is allowed to these CIDRs (a host given as an IP literal is allowed alone).
    /// </summary>
    public IList<string> GitEgressCidrs { get; set; } = ["0.0.0.0/0", "::/0"];

    /// <summary>Never reachable from a sandbox, even inside <see cref="GitEgressCidrs"/>: cloud metadata and link-local.</summary>
    public IList<string> GitEgressExcept { get; set; } = ["169.254.0.0/16"];

    /// <summary>Resources of sandbox containers unless the template sets its own.</summary>
    public V1ResourceRequirements Resources { get; set; } = new()
    {
        Requests = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("100m"),
            ["memory"] = new("128Mi"),
            ["ephemeral-storage"] = new("256Mi"),
        },
        Limits = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("1"),
            ["memory"] = new("512Mi"),
            ["ephemeral-storage"] = new("1Gi"),
        },
    };

    /// <summary>Fails at start-up on settings that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Image))
        {
            throw new InvalidOperationException("Sandbox:Image is empty; set it to the generator image (for example ghcr.io/dynamo-mcp/generator:0.1.0).");
        }

        if (ActiveDeadlineSeconds < 1 || BackoffLimit < 0 || TtlSecondsAfterFinished < 0 || MaxQueueSeconds < 0)
        {
            throw new InvalidOperationException("Sandbox:ActiveDeadlineSeconds must be at least 1, BackoffLimit, TtlSecondsAfterFinished and MaxQueueSeconds at least 0.");
        }

        if (MaxSnapshotBytes < 1 || SnapshotHistory is < 1 or > 16)
        {
            throw new InvalidOperationException("Sandbox:MaxSnapshotBytes must be positive and Sandbox:SnapshotHistory between 1 and 16.");
        }

        if (MaxArchiveBytes < 1 || MaxUnpackedBytes < 1)
        {
            throw new InvalidOperationException("Sandbox:MaxArchiveBytes and Sandbox:MaxUnpackedBytes must be positive.");
        }
    }
}
