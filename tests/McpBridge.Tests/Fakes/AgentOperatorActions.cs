using System.Net;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Agents;
using DynamoMcp.Operator.Agents;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Fakes;

/// <summary>
/// The test plays the agent controller: it writes Agent status (phase, budget, usage, result, transcript, conditions
/// through <see cref="KStatus"/>), a parent's reservations with the operator's own <see cref="AgentGrants"/>, and
/// ModelConfigs as the ModelConfig controller leaves them (Ready), with the merge patch of the status subresource.
/// </summary>
internal sealed class AgentOperatorActions(IKubernetes admin)
{
    private ResourceClient<Agent> Agents => new(admin);

    private ResourceClient<ModelConfig> Models => new(admin);

    /// <summary>A Ready ModelConfig <paramref name="name"/> (an OpenAI-compatible endpoint without key); one that exists is left as it is.</summary>
    public async Task EnsureModelConfigAsync(string ns, string name, CancellationToken ct)
    {
        ModelConfig model;
        try
        {
            model = await Models.CreateAsync(
                new ModelConfig
                {
                    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                    Spec = new ModelConfigSpec { Provider = ModelProvider.OpenAI, BaseUrl = "http://ollama.ollama:11434/v1", Model = "llama3.2" },
                },
                ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return;
        }

        var status = model.Status ?? new ModelConfigStatus();
        status.Endpoint = model.Spec.BaseUrl;
        status.ObservedGeneration = model.Metadata.Generation;
        status.MarkReady(model.Metadata.Generation, ConditionReasons.Succeeded, "The configuration is valid.", TimeProvider.System);
        await OperatorActions.WriteStatusAsync(Models, model, status, ct);
    }

    /// <summary>An Agent as a person (or, with <paramref name="parent"/>, the bridge for an agent) creates it.</summary>
    public async Task<Agent> CreateAgentAsync(string ns, string name, string model, CancellationToken ct, string? parent = null, IReadOnlyList<string>? tools = null, string? goal = null, long? maxTokens = null)
    {
        Agent? owner = parent is null ? null : await GetAsync(ns, parent, ct);
        return await Agents.CreateAsync(
            new Agent
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = ns,
                    OwnerReferences = owner is null ? null : [AgentManifests.OwnerReference(owner)],
                },
                Spec = new AgentSpec
                {
                    Goal = goal ?? $"The goal of {name}.",
                    ModelConfigRef = new ModelConfigReference { Name = model },
                    Tools = tools is null ? null : [.. tools],
                    ParentRef = parent is null ? null : new AgentReference { Name = parent },
                    MaxTokens = maxTokens,
                },
            },
            ct);
    }

    public async Task<Agent> GetAsync(string ns, string name, CancellationToken ct) =>
        await Agents.GetAsync(new ObjectKey(ns, name), ct) ?? throw new InvalidOperationException($"Agent {ns}/{name} does not exist.");

    public async Task<IReadOnlyList<Agent>> ListAsync(string ns, CancellationToken ct) => [.. (await Agents.ListAsync(ns, ct)).Items];

    /// <summary>Agent <paramref name="name"/>, once it exists (60 s at most).</summary>
    public async Task<Agent> WaitForAsync(string ns, string name, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await Agents.GetAsync(new ObjectKey(ns, name), timeout.Token) is { } agent)
            {
                return agent;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Admitted and Running, with the budget granted (depth 1 for a root).</summary>
    public Task AdmitAsync(string ns, string name, long? maxTokens, int depth, int maxDepth, CancellationToken ct) =>
        UpdateAsync(ns, name, (agent, status) =>
        {
            status.Budget = new AgentBudget { MaxTokens = maxTokens, Depth = depth, MaxDepth = maxDepth, Deadline = OperatorActions.Seconds(DateTime.UtcNow.AddMinutes(10)) };
            status.Phase = AgentPhase.Running;
            status.StartTime ??= OperatorActions.Seconds(DateTime.UtcNow);
            status.Job = name;
            status.Message = "Running in Job " + name + ".";
            status.MarkReconciling(agent.Metadata.Generation, ConditionReasons.Running, status.Message, TimeProvider.System);
        }, ct);

    /// <summary>Running after <paramref name="turns"/> turns that spent <paramref name="tokens"/>, one transcript entry per turn.</summary>
    public Task RunAsync(string ns, string name, int turns, long tokens, CancellationToken ct) =>
        UpdateAsync(ns, name, (agent, status) =>
        {
            status.Phase = AgentPhase.Running;
            status.StartTime ??= OperatorActions.Seconds(DateTime.UtcNow);
            status.Usage = Usage(turns, tokens);
            status.SubtreeTokens = Math.Max(status.SubtreeTokens ?? 0, tokens);
            status.Transcript = [.. Enumerable.Range(1, turns).Select(t => new AgentTranscriptEntry { Turn = t, Kind = t % 2 == 0 ? "tool" : "assistant", Summary = $"turn {t} of {name}" })];
            status.Message = $"Running: turn {turns}.";
            status.MarkReconciling(agent.Metadata.Generation, ConditionReasons.Running, status.Message, TimeProvider.System);
        }, ct);

    /// <summary>Succeeded with <paramref name="text"/> as its answer (and <paramref name="structured"/>, when it was JSON).</summary>
    public Task SucceedAsync(string ns, string name, string text, IDictionary<string, object?>? structured, CancellationToken ct) =>
        UpdateAsync(ns, name, (agent, status) =>
        {
            status.Phase = AgentPhase.Succeeded;
            status.Result = new AgentResult { Text = text, Structured = structured };
            status.CompletionTime = OperatorActions.Seconds(DateTime.UtcNow);
            status.Message = "The agent finished its goal.";
            status.MarkReady(agent.Metadata.Generation, ConditionReasons.Succeeded, status.Message, TimeProvider.System);
        }, ct);

    /// <summary>Failed (<paramref name="reason"/>, e.g. MaxTurnsExceeded) or, with reason Terminated, Terminated.</summary>
    public Task EndAsync(string ns, string name, string reason, string message, CancellationToken ct) =>
        UpdateAsync(ns, name, (agent, status) =>
        {
            status.Phase = reason == ConditionReasons.Terminated ? AgentPhase.Terminated : AgentPhase.Failed;
            status.CompletionTime = OperatorActions.Seconds(DateTime.UtcNow);
            status.Message = message;
            status.MarkStalled(agent.Metadata.Generation, reason, message, TimeProvider.System);
        }, ct);

    /// <summary>What the parent's controller writes: its children's reservations (<see cref="AgentGrants.Update"/>) and its subtree's tokens.</summary>
    public async Task GrantChildrenAsync(string ns, string parent, CancellationToken ct)
    {
        var children = (await ListAsync(ns, ct)).Where(a => a.Spec.ParentRef?.Name == parent).ToList();
        await UpdateAsync(ns, parent, (agent, status) =>
        {
            status.Children = AgentGrants.Update(agent, children).Children;
            status.SubtreeTokens = AgentGrants.SubtreeTokens(agent, children);
        }, ct);
    }

    /// <summary>Writes its status as <paramref name="change"/> leaves it (for states the other helpers do not cover).</summary>
    public async Task UpdateAsync(string ns, string name, Action<Agent, AgentStatus> change, CancellationToken ct)
    {
        var agent = await GetAsync(ns, name, ct);
        var status = agent.Status ?? new AgentStatus();
        change(agent, status);
        status.ObservedGeneration = agent.Metadata.Generation;
        await OperatorActions.WriteStatusAsync(Agents, agent, status, ct);
    }

    private static AgentUsage Usage(int turns, long tokens) => new()
    {
        Turns = turns,
        ToolCalls = turns / 2,
        PromptTokens = tokens * 3 / 4,
        CompletionTokens = tokens - (tokens * 3 / 4),
        TotalTokens = tokens,
        WallSeconds = turns * 2.5,
    };
}
