using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Agents;

/// <summary>
/// Agent reads (from the cache) and writes (as the caller, through impersonation) for the agent tools. When the caller
/// is an agent (<see cref="BridgeIdentity.Agent"/>), the bridge makes it the parent of what it spawns (parentRef and
/// an owner reference; the caller cannot choose another parent), keeps the child's tools within its own and lets it
/// terminate only its own subtree.
/// </summary>
public sealed partial class AgentService(
    BridgeCaches caches, KubernetesClients clients, NamespaceAccessGuard guard, IOptions<BridgeOptions> options, ILogger<AgentService> logger)
{
    /// <summary>
    /// <see cref="CreateAsync"/>, then, with <paramref name="wait"/>, follows the agent with progress until it ends or
    /// the wait deadline passes. The caller's cancellation ends the wait, not the agent.
    /// </summary>
    public async Task<AgentRunResult> SpawnAsync(
        BridgeIdentity caller, string @namespace, AgentSpawnRequest request, bool wait, ProgressSink progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var created = await CreateAsync(caller, @namespace, request, cancellationToken).ConfigureAwait(false);
        if (!wait)
        {
            return AgentRunResult.From(created, waitedOut: false);
        }

        var name = created.Metadata.Name;
        var maxTurns = request.MaxTurns ?? AgentBudgetInfo.DefaultMaxTurns;
        var finished = await ResourceWaiter.WaitAsync(
            caches.Agents,
            @namespace,
            name,
            agent => (agent is not null && AgentKinds.IsFinished(AgentKinds.PhaseOf(agent)), AgentProgress.Report(agent, maxTurns)),
            progress,
            options.Value.WaitDeadline,
            cancellationToken).ConfigureAwait(false);
        return AgentRunResult.From(caches.Agents.Get(@namespace, name) ?? created, waitedOut: !finished);
    }

    /// <summary>
    /// Checks the arguments (every problem in one tool error, nothing created), the ModelConfig and, for an agent
    /// caller, its allowlist, budget and depth; then creates the Agent as the caller. Returns it as the cache has it
    /// (or as created, before the cache saw it).
    /// </summary>
    public async Task<Agent> CreateAsync(BridgeIdentity caller, string @namespace, AgentSpawnRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (AgentSpawnDecisions.Problems(request) is { Count: > 0 } problems)
        {
            throw new McpException("Cannot spawn the agent; nothing was created:\n" + string.Join('\n', problems.Select(p => "- " + p)));
        }

        var self = caller.Agent;
        if (self is not null && @namespace != caller.Namespace)
        {
            throw new McpException(
                $"An agent spawns children only in its own namespace '{caller.Namespace}', not '{@namespace}'. Omit the namespace argument. Nothing was created.");
        }

        await EnsureReadableAsync(caller, @namespace, AgentKinds.Agent, "read agents", cancellationToken).ConfigureAwait(false);
        await EnsureReadableAsync(caller, @namespace, AgentKinds.ModelConfig, "read model configs", cancellationToken).ConfigureAwait(false);
        var tools = AgentSpawnDecisions.Distinct(request.Tools);
        Agent? parent = null;
        if (self is not null)
        {
            parent = caches.Agents.Get(@namespace, self.Name)
                ?? throw new McpException(
                    $"Your agent '{self.Name}' was not found in namespace '{@namespace}', so it cannot be the parent of a new agent. Nothing was created.");
            if (AgentSpawnDecisions.ToolsOutside(self, tools) is { Count: > 0 } outside)
            {
                throw new McpException(
                    $"A child agent may only use tools you may use yourself; not allowed to you: {string.Join(", ", outside)} (yours: {(self.Tools.Count == 0 ? "none" : string.Join(", ", self.Tools))}). Nothing was created; drop those from tools.");
            }

            if (AgentSpawnDecisions.ParentRefusal(parent, Lookup(@namespace)) is { } refusal)
            {
                throw new McpException(refusal);
            }
        }

        var available = caches.ModelConfigs.List(@namespace).Select(m => m.Metadata.Name).ToList();
        var (model, modelError) = AgentSpawnDecisions.ChooseModelConfig(request.ModelConfig, parent, available, @namespace);
        if (model is null)
        {
            throw new McpException(modelError!);
        }

        // Named here, like run_workflow's runs, rather than by generateName: the runtime's typed client creates by name.
        var name = request.Name ?? ResourceNames.Generate(self?.Name ?? "agent");
        var created = await KubernetesErrors.Call(
            () => clients.Resources<Agent>(caller).CreateAsync(
                AgentManifests.Agent(@namespace, name, request, tools, model, parent, caller.Name), cancellationToken),
            $"spawn agent '{name}'",
            @namespace,
            caller.Name).ConfigureAwait(false);
        LogSpawned(name, @namespace, caller.Name, parent?.Metadata.Name ?? "none");
        return caches.Agents.Get(@namespace, name) ?? created;
    }

    public async Task<AgentStatusResult> StatusAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        var agent = await GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        return AgentStatusResult.From(agent, Lookup(@namespace));
    }

    /// <summary>The answer of a succeeded agent, why a failed or terminated one ended, or (not an error) that it still runs.</summary>
    public async Task<AgentRunResult> ResultAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        var agent = await GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        return AgentRunResult.From(agent, waitedOut: false);
    }

    /// <summary>Sets spec.terminate as the caller; an agent that ended already is left as it is. An agent caller may only terminate its own subtree.</summary>
    public async Task<AgentTerminateResult> TerminateAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var agent = await GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        if (caller.Agent is { } self
            && (@namespace != caller.Namespace || !AgentSpawnDecisions.IsInSubtree(name, self.Name, Lookup(@namespace))))
        {
            throw new McpException(
                $"Agent '{name}' is not in your subtree (it is neither you, '{self.Name}', nor one of your descendants): an agent may only terminate agents it spawned, directly or through its children. Nothing was changed.");
        }

        var phase = AgentKinds.PhaseOf(agent);
        if (AgentKinds.IsFinished(phase))
        {
            return new AgentTerminateResult(name, @namespace, phase.ToString(), agent.Spec?.Terminate == true, AlreadyFinished: true,
                $"Agent '{name}' already ended ({phase}): there is nothing to terminate. get_agent_result shows how it ended.");
        }

        if (agent.Spec?.Terminate != true)
        {
            agent = await KubernetesErrors.Call(
                () => clients.Resources<Agent>(caller).PatchAsync(new ObjectKey(@namespace, name), AgentManifests.TerminatePatch(), cancellationToken),
                $"terminate agent '{name}'",
                @namespace,
                caller.Name).ConfigureAwait(false);
            LogTerminated(name, @namespace, caller.Name);
        }

        return new AgentTerminateResult(name, @namespace, AgentKinds.PhaseOf(agent).ToString(), TerminateRequested: true, AlreadyFinished: false,
            $"Termination of agent '{name}' is requested: the operator stops its process and those of all its descendants and marks them Terminated. Call get_agent_status with name '{name}' to see it end.");
    }

    /// <param name="root">Only this agent's subtree; null: every tree, except for an agent caller, whose default is its own subtree.</param>
    public async Task<AgentListResult> ListAsync(BridgeIdentity caller, string @namespace, string? root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await EnsureReadableAsync(caller, @namespace, AgentKinds.Agent, "list agents", cancellationToken).ConfigureAwait(false);
        root ??= caller.Agent is { } self && @namespace == caller.Namespace ? self.Name : null;
        var agents = caches.Agents.List(@namespace);
        if (root is not null && !agents.Any(a => a.Metadata.Name == root))
        {
            throw new McpException($"Agent '{root}' was not found in namespace '{@namespace}'. Omit root to list every agent there.");
        }

        var trees = AgentTree.Build(agents, root);
        return new AgentListResult(@namespace, root, AgentTree.Count(trees), trees);
    }

    private async Task<Agent> GetAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(caller, @namespace, AgentKinds.Agent, "read agents", cancellationToken).ConfigureAwait(false);
        return caches.Agents.Get(@namespace, name)
            ?? throw new McpException(
                $"Agent '{name}' was not found in namespace '{@namespace}'. Use the name spawn_agent returned; list_agents shows the agents there.");
    }

    private Func<string, Agent?> Lookup(string @namespace) => n => caches.Agents.Get(@namespace, n);

    private async Task EnsureReadableAsync(BridgeIdentity caller, string @namespace, CustomResourceKind kind, string what, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, what, cancellationToken, kind).ConfigureAwait(false);
        var loaded = kind == AgentKinds.Agent
            ? caches.Agents.EnsureSyncedAsync(NotLoaded(kind), cancellationToken)
            : caches.ModelConfigs.EnsureSyncedAsync(NotLoaded(kind), cancellationToken);
        await loaded.ConfigureAwait(false);
    }

    private static string NotLoaded(CustomResourceKind kind) =>
        $"The bridge has not loaded the {kind.Kind}s yet: it cannot list them from the Kubernetes API. Retry in a moment; if it persists, ask an administrator to check that the {kind.Kind} CRD is installed and that the bridge may list and watch {kind.Plural}.";

    [LoggerMessage(LogLevel.Information, "Agent {Agent} spawned in namespace {Namespace} by {Caller} (parent agent: {Parent})")]
    private partial void LogSpawned(string agent, string @namespace, string caller, string parent);

    [LoggerMessage(LogLevel.Information, "Agent {Agent} in namespace {Namespace} terminated by {Caller}")]
    private partial void LogTerminated(string agent, string @namespace, string caller);
}
