using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Operator.McpServers;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Reconcile;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Fakes;

/// <summary>
/// The test plays the operator: it writes template, scaffold and MCP server status and the result ConfigMaps, built
/// with what the operator uses (<see cref="InspectResults"/>, <see cref="ScaffoldResultConfigMapBuilder"/>,
/// <see cref="KStatus"/>, <see cref="ConditionReasons"/>, <see cref="McpServerStatusDecisions"/>), so a change in what
/// the operator writes breaks these tests instead of production.
/// </summary>
internal sealed class OperatorActions(IKubernetes admin)
{
    private ResourceClient<CookiecutterTemplate> Templates => new(admin);

    private ResourceClient<Scaffold> Scaffolds => new(admin);

    private ResourceClient<McpServer> McpServers => new(admin);

    /// <summary>A template as a person applies it: a git source, and an override that describes one variable better.</summary>
    public Task<CookiecutterTemplate> CreateTemplateAsync(string ns, string name, CancellationToken ct) =>
        Templates.CreateAsync(
            new CookiecutterTemplate
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                Spec = new CookiecutterTemplateSpec
                {
                    Source = new TemplateSource { Git = new GitSource { Url = $"https://example.com/{name}.git" } },
                    VariableOverrides = [new VariableOverride { Name = "port", Description = "Port the service listens on" }],
                },
            },
            ct);

    /// <summary>The inspection of the sample template (<see cref="InspectResults.Sample"/>) succeeded.</summary>
    public async Task MarkTemplateReadyAsync(string ns, string name, CancellationToken ct)
    {
        var template = await Templates.GetAsync(new ObjectKey(ns, name), ct) ?? throw new InvalidOperationException($"Template {ns}/{name} does not exist.");
        await WriteStatusAsync(Templates, template, InspectResults.ReadyStatus(template, InspectResults.Sample(name)), ct);
    }

    /// <summary>The render Job of the Scaffold runs.</summary>
    public async Task MarkRenderingAsync(string ns, string name, CancellationToken ct)
    {
        var scaffold = await GetScaffoldAsync(ns, name, ct);
        var status = scaffold.Status ?? new ScaffoldStatus();
        status.Phase = ScaffoldPhase.Running;
        status.Revision = InspectResults.Revision;
        status.StartTime ??= Seconds(DateTime.UtcNow);
        status.Message = $"Rendering revision {InspectResults.Revision} in sandbox Job {name}-render.";
        status.MarkReconciling(scaffold.Metadata.Generation, ConditionReasons.Rendering, status.Message, TimeProvider.System);
        await WriteStatusAsync(Scaffolds, scaffold, status, ct);
    }

    /// <summary>
    /// The render produced <paramref name="files"/>: stores the archive as the operator does (chunk ConfigMaps owned
    /// by the Scaffold, here three of them, created last chunk first) and marks the Scaffold Succeeded with its artifact.
    /// Returns the archive.
    /// </summary>
    public Task<byte[]> SucceedAsync(string ns, string name, IReadOnlyDictionary<string, string> files, CancellationToken ct) =>
        SucceedAsync(ns, name, files, (_, _) => Task.CompletedTask, ct);

    /// <summary>
    /// The render produced <paramref name="files"/> and pushed them to the Scaffold's spec.output.git: the inline copy
    /// is kept (as for ConfigMap), the artifact names the repository, branch and <paramref name="commit"/>.
    /// </summary>
    public Task<byte[]> SucceedPushedAsync(string ns, string name, IReadOnlyDictionary<string, string> files, string commit, CancellationToken ct) =>
        SucceedAsync(
            ns,
            name,
            files,
            (scaffold, status) =>
            {
                var git = scaffold.Spec.Output!.Git!;
                status.Artifact!.Kind = ArtifactKind.Git;
                status.Artifact.Url = git.Url;
                status.Artifact.Branch = git.Branch ?? "main";
                status.Artifact.Commit = commit;
                status.Message = $"Rendered {status.FileCount} files and pushed commit {commit} to branch {status.Artifact.Branch} of {git.Url}.";
                return Task.CompletedTask;
            },
            ct);

    /// <summary>
    /// The render produced <paramref name="files"/> and uploaded the archive to the Scaffold's spec.output.s3: the
    /// inline copy is kept, the artifact names the bucket, the key (&lt;namespace&gt;/&lt;name&gt;.tar.gz by default) and a
    /// pre-signed URL valid until <paramref name="expiresAt"/>.
    /// </summary>
    public Task<byte[]> SucceedUploadedAsync(string ns, string name, IReadOnlyDictionary<string, string> files, DateTime expiresAt, CancellationToken ct) =>
        SucceedAsync(
            ns,
            name,
            files,
            (scaffold, status) =>
            {
                var s3 = scaffold.Spec.Output!.S3!;
                var key = s3.Key ?? $"{ns}/{name}.tar.gz";
                status.Artifact!.Kind = ArtifactKind.S3;
                status.Artifact.Bucket = s3.Bucket;
                status.Artifact.Key = key;
                status.Artifact.Url = $"{s3.Endpoint ?? "https://s3.amazonaws.com"}/{s3.Bucket}/{key}?X-Amz-Expires={s3.UrlExpirySeconds ?? 3600}&X-Amz-Signature=abc123";
                status.Artifact.UrlExpiresAt = Seconds(expiresAt);
                status.Message = $"Rendered {status.FileCount} files and uploaded the archive to s3://{s3.Bucket}/{key}.";
                return Task.CompletedTask;
            },
            ct);

    /// <summary>
    /// The update Scaffold <paramref name="name"/> (spec.updateFrom) rendered <paramref name="files"/>: as the operator
    /// does, the patch from the earlier project goes into a ConfigMap owned by the Scaffold (data key <c>patch</c>) and
    /// status.update records the revisions, the patch's SHA-256 and size and the changed files.
    /// <paramref name="recordedSha256"/> overrides the recorded hash (a tampering test).
    /// </summary>
    public Task<byte[]> SucceedUpdateAsync(
        string ns, string name, IReadOnlyDictionary<string, string> files, string patch, IReadOnlyList<ScaffoldFileChange> changes, string toRevision, CancellationToken ct, string? recordedSha256 = null) =>
        SucceedAsync(
            ns,
            name,
            files,
            async (scaffold, status) =>
            {
                var from = await GetScaffoldAsync(ns, scaffold.Spec.UpdateFrom!.Name, ct);
                var bytes = Encoding.UTF8.GetBytes(patch);
                string? configMap = null;
                if (bytes.Length > 0)
                {
                    configMap = name + "-patch";
                    await admin.CoreV1.CreateNamespacedConfigMapAsync(
                        new V1ConfigMap
                        {
                            Metadata = new V1ObjectMeta
                            {
                                Name = configMap,
                                NamespaceProperty = ns,
                                Labels = new Dictionary<string, string> { [ScaffoldResultFormat.ScaffoldLabel] = name },
                                OwnerReferences = [SandboxJobBuilder.OwnerReference(scaffold.ApiVersion, Scaffold.KubeKind, scaffold.Metadata)],
                            },
                            Data = new Dictionary<string, string> { ["patch"] = patch },
                            Immutable = true,
                        },
                        ns,
                        cancellationToken: ct);
                }

                status.Revision = toRevision;
                status.Update = new ScaffoldUpdateStatus
                {
                    From = from.Metadata.Name,
                    FromRevision = from.Status.Revision,
                    ToRevision = toRevision,
                    PatchConfigMap = configMap,
                    PatchSha256 = recordedSha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes)),
                    PatchSize = bytes.Length,
                    FilesChanged = changes.Count,
                    LinesAdded = changes.Sum(c => c.LinesAdded ?? 0),
                    LinesRemoved = changes.Sum(c => c.LinesRemoved ?? 0),
                    Files = [.. changes],
                };
                status.Message = $"Updated project {from.Metadata.Name} from revision {from.Status.Revision} to {toRevision}: {changes.Count} files changed; the patch is in ConfigMap {configMap}.";
            },
            ct);

    /// <summary>The render failed, as the operator reports it: Failed, Stalled with the reason, and a message that says what to do.</summary>
    public async Task FailAsync(string ns, string name, string message, CancellationToken ct)
    {
        var scaffold = await GetScaffoldAsync(ns, name, ct);
        var status = scaffold.Status ?? new ScaffoldStatus();
        status.Phase = ScaffoldPhase.Failed;
        status.CompletionTime = Seconds(DateTime.UtcNow);
        status.Message = message;
        status.MarkStalled(scaffold.Metadata.Generation, ConditionReasons.RenderFailed, message, TimeProvider.System);
        await WriteStatusAsync(Scaffolds, scaffold, status, ct);
    }

    /// <summary>
    /// The template was inspected again and found at <paramref name="revision"/>: the new snapshot comes first, the
    /// earlier ones are kept after it (newest first), resolvedRevision moves on.
    /// </summary>
    public async Task MarkTemplateMovedAsync(string ns, string name, string revision, string? gitRef, CancellationToken ct)
    {
        var template = await Templates.GetAsync(new ObjectKey(ns, name), ct) ?? throw new InvalidOperationException($"Template {ns}/{name} does not exist.");
        var status = template.Status;
        status.ResolvedRevision = revision;
        status.LastInspected = Seconds(DateTime.UtcNow);
        status.Snapshots = [InspectResults.Snapshot(name, revision, gitRef), .. status.Snapshots ?? []];
        status.MarkReady(template.Metadata.Generation, ConditionReasons.Succeeded, $"Inspected revision {revision}.", TimeProvider.System);
        await WriteStatusAsync(Templates, template, status, ct);
    }

    private async Task<byte[]> SucceedAsync(
        string ns, string name, IReadOnlyDictionary<string, string> files, Func<Scaffold, ScaffoldStatus, Task> deliver, CancellationToken ct)
    {
        var scaffold = await GetScaffoldAsync(ns, name, ct);
        var archive = TarGz(files);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(archive));
        var chunks = ScaffoldResultConfigMapBuilder.Build(scaffold, archive, sha256, chunkSize: Math.Max(1, (archive.Length + 2) / 3));
        foreach (var chunk in chunks.Reverse())
        {
            await admin.CoreV1.CreateNamespacedConfigMapAsync(chunk, ns, cancellationToken: ct);
        }

        var listed = ScaffoldArchive.ListFiles(archive);
        var status = scaffold.Status ?? new ScaffoldStatus();
        status.Phase = ScaffoldPhase.Succeeded;
        status.Revision = InspectResults.Revision;
        status.Files = [.. listed];
        status.FileCount = listed.Count;
        status.Artifact = new ScaffoldArtifact
        {
            Kind = ArtifactKind.ConfigMap,
            Names = [.. chunks.Select(c => c.Metadata.Name)],
            Chunks = chunks.Count,
            Sha256 = sha256,
            Size = archive.Length,
        };
        status.CompletionTime = Seconds(DateTime.UtcNow);
        status.Message = $"Rendered {listed.Count} files from revision {InspectResults.Revision}; the archive is in {chunks.Count} ConfigMap(s) labelled {ScaffoldResultFormat.ScaffoldLabel}={name}.";
        await deliver(scaffold, status);
        status.MarkReady(scaffold.Metadata.Generation, ConditionReasons.Succeeded, status.Message, TimeProvider.System);
        await WriteStatusAsync(Scaffolds, scaffold, status, ct);
        return archive;
    }

    /// <summary>The result ConfigMaps of Scaffold <paramref name="name"/> in the order its status lists them.</summary>
    public async Task<IReadOnlyList<V1ConfigMap>> ResultChunksAsync(string ns, string name, CancellationToken ct)
    {
        var scaffold = await GetScaffoldAsync(ns, name, ct);
        var chunks = new List<V1ConfigMap>();
        foreach (var chunk in scaffold.Status.Artifact!.Names!)
        {
            chunks.Add(await admin.CoreV1.ReadNamespacedConfigMapAsync(chunk, ns, cancellationToken: ct));
        }

        return chunks;
    }

    /// <summary>
    /// The server's pod is ready (for a server the operator runs) and discovery listed <paramref name="tools"/>: status as
    /// the McpServer controller writes it, through its own decisions (Rollout, Discovered with the tool filter, Summarize)
    /// and the runtime's condition summary.
    /// </summary>
    public async Task MarkMcpServerReadyAsync(string ns, string name, IReadOnlyList<DiscoveredTool> tools, CancellationToken ct)
    {
        var server = await GetMcpServerAsync(ns, name, ct);
        var now = DateTime.UtcNow;
        server.Status ??= new McpServerStatus();
        server.Status.Url = server.Spec.Remote?.Url ?? McpServerChildren.Url(server).ToString();
        if (server.Spec.Remote is null)
        {
            var deployment = new V1Deployment
            {
                Metadata = new V1ObjectMeta { Name = McpServerChildren.Name(server), CreationTimestamp = now },
                Spec = new V1DeploymentSpec { Replicas = 1 },
                Status = new V1DeploymentStatus { Replicas = 1, ReadyReplicas = 1 },
            };
            McpServerStatusDecisions.Rollout(server, deployment, problem: null, lastLogLines: null, now).Kind.Should().Be(StepOutcomeKind.Continue);
        }

        var description = new McpServerDescription("2025-11-25", name + "-server", "1.0.0", tools, PromptCount: null, ResourceCount: null);
        var outcome = McpServerStatusDecisions.Discovered(server, McpProbeResult.Succeeded(description), now, TimeSpan.FromMinutes(5));
        await WriteMcpServerStatusAsync(server, outcome, ct);
    }

    /// <summary>An McpServer of a server elsewhere (the gateway tests' upstreams on loopback), as a person applies it.</summary>
    public Task<McpServer> CreateRemoteMcpServerAsync(
        string ns, string name, Uri url, CancellationToken ct, string? headersFrom = null, ToolFilter? filter = null, int? timeoutSeconds = null) =>
        McpServers.CreateAsync(
            new McpServer
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                Spec = new McpServerSpec
                {
                    Remote = new McpRemote { Url = url.ToString(), HeadersFrom = headersFrom is null ? null : new V1LocalObjectReference { Name = headersFrom } },
                    ToolFilter = filter,
                    TimeoutSeconds = timeoutSeconds,
                },
            },
            ct);

    /// <summary>Discovery of the server failed (it stopped answering): the controller reports it not Ready.</summary>
    public async Task MarkMcpServerUnreachableAsync(string ns, string name, CancellationToken ct)
    {
        var server = await GetMcpServerAsync(ns, name, ct);
        server.Status ??= new McpServerStatus();
        var outcome = McpServerStatusDecisions.Discovered(
            server, McpProbeResult.Failed(McpProbeFailureKind.Unreachable, "connection refused"), DateTime.UtcNow, TimeSpan.FromMinutes(5));
        await WriteMcpServerStatusAsync(server, outcome, ct);
    }

    public Task DeleteMcpServerAsync(string ns, string name, CancellationToken ct) => McpServers.DeleteAsync(new ObjectKey(ns, name), uid: null, ct);

    /// <summary>The server's image cannot be pulled: the controller reports it Stalled (ImagePullFailed) and Failed.</summary>
    public async Task MarkMcpServerImagePullFailedAsync(string ns, string name, CancellationToken ct)
    {
        var server = await GetMcpServerAsync(ns, name, ct);
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = McpServerChildren.Name(server), CreationTimestamp = DateTime.UtcNow },
            Spec = new V1DeploymentSpec { Replicas = 1 },
            Status = new V1DeploymentStatus { Replicas = 1, ReadyReplicas = 0 },
        };
        var problem = new McpPodProblem(McpPodProblemKind.ImagePull, name + "-abc12", "server", $"Image {server.Spec.Image} cannot be pulled: not found");
        var outcome = McpServerStatusDecisions.Rollout(server, deployment, problem, lastLogLines: null, DateTime.UtcNow);
        await WriteMcpServerStatusAsync(server, outcome, ct);
    }

    /// <summary>A tool as a server lists it in tools/list.</summary>
    public static DiscoveredTool Tool(string name, string? title = null, string? description = null) =>
        new(name, title, description, Annotations: null, new System.Text.Json.Nodes.JsonObject { ["type"] = "object" }, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))), OutputSchema: null);

    public async Task<McpServer> GetMcpServerAsync(string ns, string name, CancellationToken ct) =>
        await McpServers.GetAsync(new ObjectKey(ns, name), ct) ?? throw new InvalidOperationException($"McpServer {ns}/{name} does not exist.");

    public async Task<IReadOnlyList<string>> McpServerNamesAsync(string ns, CancellationToken ct) =>
        [.. (await McpServers.ListAsync(ns, ct)).Items.Select(s => s.Metadata.Name)];

    private async Task WriteMcpServerStatusAsync(McpServer server, StepOutcome outcome, CancellationToken ct)
    {
        McpServerStatusDecisions.Summarize(server, outcome);
        ReconcileSteps<McpServer>.Summarize(server.Status, server.Metadata.Generation, outcome, TimeProvider.System);
        await WriteStatusAsync(McpServers, server, server.Status, ct);
    }

    public async Task<Scaffold> GetScaffoldAsync(string ns, string name, CancellationToken ct) =>
        await Scaffolds.GetAsync(new ObjectKey(ns, name), ct) ?? throw new InvalidOperationException($"Scaffold {ns}/{name} does not exist.");

    /// <summary>
    /// The one Scaffold that uses <paramref name="template"/> in <paramref name="ns"/>, once it exists: other tests'
    /// Scaffolds in the namespace are not it.
    /// </summary>
    public async Task<string> WaitForScaffoldAsync(string ns, string template, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var list = await Scaffolds.ListAsync(ns, timeout.Token);
            var matching = list.Items.Where(s => s.Spec.TemplateRef.Name == template).Select(s => s.Metadata.Name).ToList();
            if (matching.Count > 0)
            {
                return matching.Should().ContainSingle($"the test created one Scaffold of template {template}").Subject;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public async Task<IReadOnlyList<string>> ScaffoldNamesAsync(string ns, CancellationToken ct) =>
        [.. (await Scaffolds.ListAsync(ns, ct)).Items.Select(s => s.Metadata.Name)];

    /// <summary>Names of the Scaffolds in <paramref name="ns"/> that use <paramref name="template"/>.</summary>
    public async Task<IReadOnlyList<string>> ScaffoldNamesAsync(string ns, string template, CancellationToken ct) =>
        [.. (await Scaffolds.ListAsync(ns, ct)).Items.Where(s => s.Spec.TemplateRef.Name == template).Select(s => s.Metadata.Name)];

    public async Task<IReadOnlyList<string>> TemplateNamesAsync(string ns, CancellationToken ct) =>
        [.. (await Templates.ListAsync(ns, ct)).Items.Select(t => t.Metadata.Name)];

    public static byte[] TarGz(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return buffer.ToArray();
    }

    // Status goes through the status subresource, whole, as the operator's status writer sends it.
    internal static Task<T> WriteStatusAsync<T>(ResourceClient<T> client, T obj, object status, CancellationToken ct) where T : IKubernetesObject<V1ObjectMeta> =>
        client.PatchStatusAsync(ObjectKey.From(obj), new V1Patch(new { status }, V1Patch.PatchType.MergePatch), ct);

    internal static DateTime Seconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
