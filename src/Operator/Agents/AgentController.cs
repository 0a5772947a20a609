using DynamoMcp.Api.Agents;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Children;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Operator.Agents;

/// <summary>
/// Runs an Agent: a finished agent keeps its outcome; one to terminate (spec.terminate, or its parent terminated) has
/// its Job deleted and ends Terminated; otherwise it is admitted once (<see cref="AgentAdmission"/>: depth, budget out
/// of its parent's reservation, deadline), reserves its children's budgets (<see cref="AgentGrants"/>, the only writer
/// of them), runs as a Job (<see cref="AgentChildren"/>) and reads its turns and result from the Job's log
/// (<see cref="AgentEvents"/>). Status is written with resourceVersion (optimistic concurrency).
/// </summary>
[EntityRbac(typeof(Agent), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch)]
[EntityRbac(typeof(ModelConfig), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch)]
[EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Delete)]
[EntityRbac(typeof(V1ConfigMap), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Delete)]
[EntityRbac(typeof(V1ServiceAccount), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Patch | RbacVerbs.Delete)]
[EntityRbac(typeof(V1NetworkPolicy), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Delete)]
public sealed class AgentController(
    ChildApplier children,
    InformerRegistry informers,
    ReconcileSteps<Agent> steps,
    IResourceClient<V1Job> jobs,
    SandboxLogReader logReader,
    IOptions<AgentOptions> agentOptions,
    IOptions<McpServers.McpServerOptions> networkOptions,
    TimeProvider clock) : IEntityController<Agent>
{
    /// <summary>Cache index of agents by the "namespace/name" of their parent.</summary>
    public const string ParentIndex = "spec.parentRef";

    /// <summary>Cache index of agents by the "namespace/name" of their ModelConfig.</summary>
    public const string ModelConfigIndex = "spec.modelConfigRef";

    private AgentOptions Options => agentOptions.Value;

    public static IEnumerable<string> ParentKeys(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (agent.Spec.ParentRef is { } parent)
        {
            yield return $"{agent.Metadata.NamespaceProperty}/{parent.Name}";
        }
    }

    public Task<ReconcileResult> ReconcileAsync(Agent agent, CancellationToken cancellationToken) =>
        steps.RunAsync(agent, [FinishedAsync, TerminateAsync, AdmitAsync, GrantAsync, RunAsync, ObserveAsync], Summarize, cancellationToken);

    public Task<ReconcileResult> DeletedAsync(Agent entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private Agent? Parent(Agent agent) => agent.Spec.ParentRef is { } parent
        ? informers.Cache<Agent>().Get(new ObjectKey(agent.Metadata.NamespaceProperty, parent.Name))
        : null;

    private IReadOnlyList<Agent> Children(Agent agent) =>
        informers.Cache<Agent>().ListByIndex(ParentIndex, $"{agent.Metadata.NamespaceProperty}/{agent.Metadata.Name}");

    private V1Job? Job(Agent agent) => informers.Cache<V1Job>().Get(new ObjectKey(agent.Metadata.NamespaceProperty, AgentChildren.Name(agent))) is { } job
        && ChildApplier.IsControlledBy(job, agent) ? job : null;

    /// <summary>A finished agent keeps its outcome; its children's reservations still settle.</summary>
    private Task<StepOutcome> FinishedAsync(Agent agent, CancellationToken cancellationToken)
    {
        var status = agent.Status;
        if (status?.Phase is not (AgentPhase.Succeeded or AgentPhase.Failed or AgentPhase.Terminated))
        {
            return Task.FromResult(StepOutcome.Continue);
        }

        Settle(agent);
        var ready = status.Conditions.Find(ConditionTypes.Ready);
        return Task.FromResult(status.Phase == AgentPhase.Succeeded
            ? StepOutcome.Ready(ready?.Reason ?? ConditionReasons.Succeeded, status.Message ?? "")
            : StepOutcome.Stalled(ready?.Reason ?? ConditionReasons.AgentFailed, status.Message ?? ""));
    }

    private async Task<StepOutcome> TerminateAsync(Agent agent, CancellationToken cancellationToken)
    {
        var parent = Parent(agent);
        var why = agent.Spec.Terminate == true ? "spec.terminate was set"
            : parent is { Spec.Terminate: true } || parent?.Status?.Phase == AgentPhase.Terminated ? $"its parent agent {parent!.Metadata.Name} was terminated"
            : null;
        if (why is null)
        {
            return StepOutcome.Continue;
        }

        if (Job(agent) is { } job)
        {
            await jobs.DeleteAsync(ObjectKey.From(job), job.Metadata.Uid, cancellationToken).ConfigureAwait(false);
        }

        End(agent, AgentPhase.Terminated, $"Terminated: {why}.");
        Settle(agent);
        return StepOutcome.Stalled(ConditionReasons.Terminated, agent.Status.Message!);
    }

    private Task<StepOutcome> AdmitAsync(Agent agent, CancellationToken cancellationToken)
    {
        if (agent.Status?.Budget is not null)
        {
            return Task.FromResult(StepOutcome.Continue);
        }

        var model = informers.Cache<ModelConfig>().Get(new ObjectKey(agent.Metadata.NamespaceProperty, agent.Spec.ModelConfigRef.Name));
        var (budget, held) = AgentAdmission.Admit(agent, Parent(agent), model, Now());
        if (held is not null)
        {
            if (held.Kind == StepOutcomeKind.Stalled)
            {
                End(agent, AgentPhase.Failed, held.Message);
            }

            agent.Status!.Phase ??= AgentPhase.Pending;
            return Task.FromResult(held);
        }

        agent.Status ??= new AgentStatus();
        agent.Status.Budget = budget;
        agent.Status.Phase = AgentPhase.Pending;
        return Task.FromResult(StepOutcome.Continue);
    }

    /// <summary>Reserves budgets for new children and totals the subtree; stops an agent whose subtree spent its budget.</summary>
    private async Task<StepOutcome> GrantAsync(Agent agent, CancellationToken cancellationToken)
    {
        Settle(agent);
        var budget = agent.Status.Budget!;
        if (budget.MaxTokens is { } max && agent.Status.SubtreeTokens > max)
        {
            if (Job(agent) is { } job)
            {
                await jobs.DeleteAsync(ObjectKey.From(job), job.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            }

            End(agent, AgentPhase.Failed, $"It and its children spent {agent.Status.SubtreeTokens} tokens of its budget of {max}.");
            return StepOutcome.Stalled(ConditionReasons.BudgetExceeded, agent.Status.Message!);
        }

        return StepOutcome.Continue;
    }

    private async Task<StepOutcome> RunAsync(Agent agent, CancellationToken cancellationToken)
    {
        var model = informers.Cache<ModelConfig>().Get(new ObjectKey(agent.Metadata.NamespaceProperty, agent.Spec.ModelConfigRef.Name));
        if (Job(agent) is not null)
        {
            return StepOutcome.Continue;
        }

        if (model is null)
        {
            return StepOutcome.Waiting(ConditionReasons.ModelConfigNotFound, $"ModelConfig {agent.Spec.ModelConfigRef.Name} is gone.", AgentAdmission.Recheck);
        }

        var config = AgentChildren.Config(agent, model, agent.Status.Budget!, Options);
        await children.ApplyAsync(agent, AgentChildren.ServiceAccount(agent), cancellationToken).ConfigureAwait(false);
        await children.ApplyAsync(agent, AgentNetworkPolicyBuilder.Build(agent, config.Endpoint, Options, networkOptions.Value), cancellationToken).ConfigureAwait(false);
        await children.ApplyAsync(agent, AgentChildren.ConfigMap(agent, config), cancellationToken).ConfigureAwait(false);
        var job = AgentChildren.Job(agent, model, config, Options, Now());
        try
        {
            await jobs.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // An earlier reconcile created it; the cache has not seen it yet.
        }

        agent.Status.Job = job.Metadata.Name;
        return StepOutcome.Waiting(ConditionReasons.Pending, $"Starting its Job {job.Metadata.Name}.", Options.ProgressInterval);
    }

    private async Task<StepOutcome> ObserveAsync(Agent agent, CancellationToken cancellationToken)
    {
        var job = Job(agent)!;
        var status = agent.Status;
        status.Job = job.Metadata.Name;
        status.StartTime ??= job.Status?.StartTime;
        var state = SandboxJobState.Of(job);
        var finished = state is SandboxJobPhase.Succeeded or SandboxJobPhase.Failed or SandboxJobPhase.TimedOut;
        var log = await logReader.ReadTailAsync(job, AgentChildren.Container, finished ? 2000 : 200, cancellationToken).ConfigureAwait(false);
        var (lastTurn, result, transcript) = AgentEvents.Read(log);
        var wall = ((status.CompletionTime ?? Now()) - (status.StartTime ?? Now())).TotalSeconds;
        if ((result ?? lastTurn) is { } latest)
        {
            status.Usage = AgentEvents.Usage(latest, wall);
        }

        if (transcript.Count > 0)
        {
            status.Transcript = transcript;
        }

        Settle(agent);
        if (!finished)
        {
            status.Phase = job.Status?.StartTime is null ? AgentPhase.Pending : AgentPhase.Running;
            var turns = status.Usage?.Turns ?? 0;
            return StepOutcome.Waiting(
                status.Phase == AgentPhase.Running ? ConditionReasons.Running : ConditionReasons.Pending,
                $"Turn {turns} of {agent.Spec.MaxTurns ?? 20}, {status.SubtreeTokens ?? 0} tokens{(status.Budget?.MaxTokens is { } max ? $" of {max}" : "")}.",
                Options.ProgressInterval);
        }

        if (result is { Outcome: AgentOutcomes.Succeeded } && state == SandboxJobPhase.Succeeded)
        {
            status.Result = new AgentResult { Text = result.Text, Structured = result.Structured is { } s ? DynamoMcp.Api.Serialization.FreeForm.FromJsonObject(s) : null };
            End(agent, AgentPhase.Succeeded, $"Succeeded after {result.Turn} turns and {status.Usage?.TotalTokens ?? 0} tokens.");
            return StepOutcome.Ready(ConditionReasons.Succeeded, status.Message!);
        }

        var reason = result?.Outcome is { Length: > 0 } outcome && outcome != AgentOutcomes.Succeeded ? outcome
            : state == SandboxJobPhase.TimedOut ? ConditionReasons.DeadlineExceeded
            : ConditionReasons.AgentFailed;
        var message = result?.Message is { Length: > 0 } said ? said
            : state == SandboxJobPhase.TimedOut ? "It ran past its deadline and its Job was stopped."
            : $"Its process ended without a result (Job {job.Metadata.Name} {state}).";
        End(agent, AgentPhase.Failed, message);
        return StepOutcome.Stalled(reason, message);
    }

    /// <summary>Children's reservations and the subtree's spending, from the cache.</summary>
    private void Settle(Agent agent)
    {
        agent.Status ??= new AgentStatus();
        var kids = Children(agent);
        if (agent.Status.Budget is not null && (kids.Count > 0 || agent.Status.Children is { Count: > 0 }))
        {
            agent.Status.Children = AgentGrants.Update(agent, kids).Children;
        }

        agent.Status.SubtreeTokens = AgentGrants.SubtreeTokens(agent, kids);
    }

    private void End(Agent agent, AgentPhase phase, string message)
    {
        agent.Status ??= new AgentStatus();
        agent.Status.Phase = phase;
        agent.Status.Message = message;
        agent.Status.CompletionTime ??= Now();
    }

    private static void Summarize(Agent agent, StepOutcome outcome)
    {
        var status = agent.Status ??= new AgentStatus();
        if (status.Phase is not (AgentPhase.Succeeded or AgentPhase.Failed or AgentPhase.Terminated))
        {
            status.Message = outcome.Message;
        }
    }
}
