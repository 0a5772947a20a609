using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime.Reconcile;

namespace DynamoMcp.Operator.Agents;

/// <summary>
/// Admits an agent (pure): its depth and budget, from its spec and, for a child, from its parent's grant and deadline.
/// A child never starts on more than its parent reserved for it, never deeper than the tree allows, never past its
/// parent's deadline.
/// </summary>
public static class AgentAdmission
{
    public const int DefaultMaxDepth = 3;
    public const int DefaultTimeoutSeconds = 600;

    /// <summary>How often an agent waiting for its ModelConfig or its parent looks again (watches wake it sooner).</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(15);

    /// <returns>The budget, or the outcome that holds the agent back.</returns>
    public static (AgentBudget? Budget, StepOutcome? Held) Admit(Agent agent, Agent? parent, ModelConfig? model, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var spec = agent.Spec;
        if (model is null)
        {
            return (null, StepOutcome.Waiting(ConditionReasons.ModelConfigNotFound,
                $"ModelConfig {spec.ModelConfigRef.Name} does not exist in namespace {agent.Metadata.NamespaceProperty}; the agent starts when it does.", Recheck));
        }

        if (!model.Status.Conditions.IsTrue(ConditionTypes.Ready) || model.Status.ObservedGeneration != model.Metadata.Generation)
        {
            return (null, StepOutcome.Waiting(ConditionReasons.ModelConfigNotReady,
                $"ModelConfig {model.Metadata.Name} is not Ready (see its conditions); the agent starts when it is.", Recheck));
        }

        var timeout = TimeSpan.FromSeconds(spec.TimeoutSeconds ?? DefaultTimeoutSeconds);
        if (spec.ParentRef is not { } parentRef)
        {
            return (new AgentBudget { Depth = 1, MaxDepth = spec.MaxDepth ?? DefaultMaxDepth, MaxTokens = spec.MaxTokens, Deadline = now + timeout }, null);
        }

        if (parent is null)
        {
            return (null, StepOutcome.Stalled(ConditionReasons.ParentNotFound, $"Its parent agent {parentRef.Name} does not exist."));
        }

        if (parent.Status?.Phase is AgentPhase.Succeeded or AgentPhase.Failed or AgentPhase.Terminated)
        {
            return (null, StepOutcome.Stalled(ConditionReasons.ParentFinished, $"Its parent agent {parentRef.Name} has already ended ({parent.Status.Phase}); it does not start."));
        }

        if (parent.Status?.Budget is not { } parentBudget)
        {
            return (null, StepOutcome.Waiting(ConditionReasons.AwaitingBudget, $"Waiting for its parent agent {parentRef.Name} to be admitted.", Recheck));
        }

        var depth = parentBudget.Depth + 1;
        var maxDepth = Math.Min(spec.MaxDepth ?? parentBudget.MaxDepth, parentBudget.MaxDepth);
        if (depth > maxDepth)
        {
            return (null, StepOutcome.Stalled(ConditionReasons.DepthExceeded,
                $"It would be at depth {depth} of a tree that may go {maxDepth} deep (the root's maxDepth); it does not start."));
        }

        if (parent.Status.Children?.FirstOrDefault(c => c.Name == agent.Metadata.Name) is not { } grant)
        {
            return (null, StepOutcome.Waiting(ConditionReasons.AwaitingBudget, $"Waiting for its parent agent {parentRef.Name} to reserve its budget.", Recheck));
        }

        if (grant.MaxTokens is <= 0)
        {
            return (null, StepOutcome.Stalled(ConditionReasons.BudgetExceeded, $"Its parent agent {parentRef.Name} has no tokens left to give it; it does not start."));
        }

        var deadline = now + timeout;
        if (parentBudget.Deadline is { } parentDeadline && parentDeadline < deadline)
        {
            deadline = parentDeadline;
        }

        return (new AgentBudget { Depth = depth, MaxDepth = maxDepth, MaxTokens = grant.MaxTokens, Deadline = deadline }, null);
    }
}
