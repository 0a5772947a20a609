using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Headers;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Children;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Reconcile;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Operator.McpServers;

/// <summary>
/// Runs an McpServer and discovers its tools. Steps: check the spec; a remote server is only probed; otherwise apply
/// the ServiceAccount, Service, NetworkPolicy and Deployment; while no pod is ready, say why (image, crash loop with
/// the last log lines, start-up allowance); once one is, list its tools (again when its pods or spec change and every
/// <see cref="McpServerOptions.DiscoveryInterval"/>). Decisions are <see cref="McpServerStatusDecisions"/>.
/// </summary>
[EntityRbac(typeof(McpServer), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch)]
[EntityRbac(typeof(V1Deployment), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Delete)]
[EntityRbac(typeof(V1Service), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Patch | RbacVerbs.Delete)]
[EntityRbac(typeof(V1ServiceAccount), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Patch | RbacVerbs.Delete)]
[EntityRbac(typeof(V1NetworkPolicy), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Delete)]
public sealed class McpServerController(
    ChildApplier children,
    InformerRegistry informers,
    ReconcileSteps<McpServer> steps,
    IKubernetes client,
    IMcpServerProbe probe,
    McpRemoteHeaderReader headerReader,
    IOptions<McpServerOptions> serverOptions,
    TimeProvider clock) : IEntityController<McpServer>
{
    /// <summary>Annotation on a Service with the host:port a client outside the cluster network reaches it at (LocalCluster writes it).</summary>
    public const string LocalAddressAnnotation = "dynamo-mcp.io/local-address";

    private V1Deployment? _deployment;

    private McpServerOptions Options => serverOptions.Value;

    public Task<ReconcileResult> ReconcileAsync(McpServer server, CancellationToken cancellationToken) =>
        steps.RunAsync(server, [CheckAsync, RemoteAsync, ChildrenAsync, RolloutAsync, DiscoverAsync], McpServerStatusDecisions.Summarize, cancellationToken);

    public Task<ReconcileResult> DeletedAsync(McpServer entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);

    private Task<StepOutcome> CheckAsync(McpServer server, CancellationToken cancellationToken)
    {
        var problems = McpServerSpecCheck.Problems(server);
        return Task.FromResult(problems.Count == 0
            ? StepOutcome.Continue
            : StepOutcome.Stalled(ConditionReasons.InvalidSpec, string.Join("; ", problems) + "."));
    }

    private async Task<StepOutcome> RemoteAsync(McpServer server, CancellationToken cancellationToken)
    {
        if (server.Spec.Remote is not { } remote)
        {
            return StepOutcome.Continue;
        }

        server.Status.Url = remote.Url;
        server.Status.Replicas = null;
        server.Status.ReadyReplicas = null;
        if (!McpServerStatusDecisions.DiscoveryDue(server, Now(), Options.DiscoveryInterval))
        {
            return Standing(server);
        }

        // No cluster-wide Secret access: the namespace grants the one Secret headersFrom names (a Role with
        // resourceNames), as it does to the bridge. Without the grant, discovery runs without the headers and says why.
        var (headers, problem) = await headerReader.ReadAsync(server, cancellationToken).ConfigureAwait(false);
        var result = await probe.ProbeAsync(new McpEndpoint(new Uri(remote.Url), server.Spec.Transport, headers), Options.DiscoveryTimeout, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess && problem is not null)
        {
            result = result with { Message = result.Message + $" ({problem})" };
        }

        return McpServerStatusDecisions.Discovered(server, result, Now(), Options.DiscoveryInterval);
    }

    private async Task<StepOutcome> ChildrenAsync(McpServer server, CancellationToken cancellationToken)
    {
        // One call per kind: the applier is generic over the child's type, which names where it lives in the API.
        var conflict = Conflict(await children.ApplyAsync(server, McpServerServiceAccountBuilder.Build(server), cancellationToken, ChildUpdateMode.Patch).ConfigureAwait(false))
            ?? Conflict(await children.ApplyAsync(server, McpServerServiceBuilder.Build(server), cancellationToken, ChildUpdateMode.Patch).ConfigureAwait(false))
            ?? Conflict(await children.ApplyAsync(server, McpServerNetworkPolicyBuilder.Build(server, Options), cancellationToken).ConfigureAwait(false));
        if (conflict is not null)
        {
            return StepOutcome.Stalled(ConditionReasons.ChildConflict, conflict);
        }

        var deployment = await children.ApplyAsync(server, McpServerDeploymentBuilder.Build(server, Options), cancellationToken).ConfigureAwait(false);
        if (deployment.Action == ChildApplyAction.Conflict)
        {
            return StepOutcome.Stalled(ConditionReasons.ChildConflict, deployment.Conflict!);
        }

        _deployment = deployment.Child as V1Deployment;
        server.Status.Selector = string.Join(",", McpServerChildren.SelectorLabels(server).Select(l => $"{l.Key}={l.Value}"));
        server.Status.Url = Address(server).ToString();
        return StepOutcome.Continue;
    }

    private async Task<StepOutcome> RolloutAsync(McpServer server, CancellationToken cancellationToken)
    {
        McpPodProblem? problem = null;
        string? logLines = null;
        if ((_deployment?.Status?.ReadyReplicas ?? 0) == 0)
        {
            var selector = server.Status.Selector;
            var pods = await client.CoreV1.ListNamespacedPodAsync(server.Metadata.NamespaceProperty, labelSelector: selector, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            problem = McpServerPodDiagnosis.Of(pods.Items);
            if (problem?.Kind == McpPodProblemKind.CrashLoop)
            {
                logLines = await LastLogLinesAsync(server, problem, cancellationToken).ConfigureAwait(false);
            }
        }

        return McpServerStatusDecisions.Rollout(server, _deployment, problem, logLines, Now());
    }

    private async Task<StepOutcome> DiscoverAsync(McpServer server, CancellationToken cancellationToken)
    {
        if (!McpServerStatusDecisions.DiscoveryDue(server, Now(), Options.DiscoveryInterval))
        {
            return Standing(server);
        }

        var result = await probe.ProbeAsync(
            new McpEndpoint(Address(server), server.Spec.Transport == McpTransport.Sse ? McpTransport.Sse : McpTransport.StreamableHttp, new Dictionary<string, string>()),
            Options.DiscoveryTimeout,
            cancellationToken).ConfigureAwait(false);
        return McpServerStatusDecisions.Discovered(server, result, Now(), Options.DiscoveryInterval);
    }

    /// <summary>Nothing to list again yet: the last discovery's Ready stands until the interval is over.</summary>
    private StepOutcome Standing(McpServer server)
    {
        var ready = server.Status.Conditions.Find(ConditionTypes.Ready)!;
        var left = server.Status.LastDiscoveryTime!.Value + Options.DiscoveryInterval - Now();
        return StepOutcome.Ready(ready.Reason, ready.Message ?? "", left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
    }

    /// <summary>The URL the operator (and the bridge) reach the server at: the Service's local address in LocalCluster, its cluster DNS name otherwise.</summary>
    private Uri Address(McpServer server)
    {
        var service = informers.Cache<V1Service>().Get(new ObjectKey(server.Metadata.NamespaceProperty, McpServerChildren.Name(server)));
        return service?.Metadata.Annotations?.TryGetValue(LocalAddressAnnotation, out var local) == true && !string.IsNullOrEmpty(local)
            ? new Uri($"http://{local}{McpServerChildren.Path(server)}")
            : McpServerChildren.Url(server);
    }

    private async Task<string?> LastLogLinesAsync(McpServer server, McpPodProblem problem, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(
                problem.Pod, server.Metadata.NamespaceProperty, container: problem.Container, tailLines: 10, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return text.Length > 2000 ? text[^2000..] : text;
        }
        catch (HttpOperationException)
        {
            return null;
        }
    }

    private static string? Conflict<T>(ChildApplyResult<T> applied)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        applied.Action == ChildApplyAction.Conflict ? applied.Conflict : null;

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
