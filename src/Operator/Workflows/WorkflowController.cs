using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Reconcile;

namespace DynamoMcp.Operator.Workflows;

/// <summary>
/// Validates a Workflow into its status (<see cref="WorkflowValidator"/>): Ready when it can run, Stalled with every
/// problem (step and field named) when it cannot. Templates and McpServers its steps name that do not exist (yet) are a
/// warning, the <c>ReferencesResolved=False</c> condition, looked at again every <see cref="ReferencesRecheck"/>.
/// </summary>
[EntityRbac(typeof(Workflow), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch)]
[EntityRbac(typeof(CookiecutterTemplate), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch)]
[EntityRbac(typeof(McpServer), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch)]
public sealed class WorkflowController(
    InformerRegistry informers,
    ReconcileSteps<Workflow> steps,
    TimeProvider clock) : IEntityController<Workflow>
{
    /// <summary>How often missing references are looked for again.</summary>
    public static readonly TimeSpan ReferencesRecheck = TimeSpan.FromSeconds(30);

    public Task<ReconcileResult> ReconcileAsync(Workflow workflow, CancellationToken cancellationToken) =>
        steps.RunAsync(workflow, [ValidateAsync], (w, _) => w.Status.StepCount = w.Spec.Steps?.Count ?? 0, cancellationToken);

    public Task<ReconcileResult> DeletedAsync(Workflow entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);

    private Task<StepOutcome> ValidateAsync(Workflow workflow, CancellationToken cancellationToken)
    {
        var validation = WorkflowValidator.Validate(workflow.Spec);
        if (!validation.IsValid)
        {
            workflow.Status.Conditions.Remove(ConditionTypes.ReferencesResolved);
            return Task.FromResult(StepOutcome.Stalled(ConditionReasons.InvalidSpec, string.Join("; ", validation.Problems) + "."));
        }

        var ns = workflow.Metadata.NamespaceProperty;
        var missing = validation.Templates.Where(t => informers.Cache<CookiecutterTemplate>().Get(new ObjectKey(ns, t)) is null).Select(t => $"CookiecutterTemplate {t}")
            .Concat(validation.Servers.Where(s => informers.Cache<McpServer>().Get(new ObjectKey(ns, s)) is null).Select(s => $"McpServer {s}"))
            .ToList();
        workflow.Status.Conditions.Set(
            ConditionTypes.ReferencesResolved,
            missing.Count == 0 ? ConditionStatus.True : ConditionStatus.False,
            missing.Count == 0 ? ConditionReasons.ReferencesFound : ConditionReasons.ReferencesMissing,
            missing.Count == 0
                ? "Every template and MCP server the steps name exists."
                : $"Not found in namespace {ns}: {string.Join(", ", missing)}. Runs fail at those steps until they exist.",
            workflow.Metadata.Generation,
            clock);
        var steps = workflow.Spec.Steps?.Count ?? 0;
        return Task.FromResult(StepOutcome.Ready(
            ConditionReasons.WorkflowValid,
            $"{steps} step{(steps == 1 ? "" : "s")}, a valid DAG.",
            missing.Count == 0 ? null : ReferencesRecheck));
    }
}
