using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Reconcile;

namespace DynamoMcp.Operator.Agents;

/// <summary>Validates a ModelConfig into its status (<see cref="ModelConfigValidation"/>): Ready, or Stalled naming every problem.</summary>
[EntityRbac(typeof(ModelConfig), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch)]
public sealed class ModelConfigController(ReconcileSteps<ModelConfig> steps) : IEntityController<ModelConfig>
{
    public Task<ReconcileResult> ReconcileAsync(ModelConfig model, CancellationToken cancellationToken) =>
        steps.RunAsync(model, [ValidateAsync], (m, _) => m.Status.Endpoint = ModelConfigValidation.Endpoint(m.Spec), cancellationToken);

    public Task<ReconcileResult> DeletedAsync(ModelConfig entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);

    private static Task<StepOutcome> ValidateAsync(ModelConfig model, CancellationToken cancellationToken)
    {
        var problems = ModelConfigValidation.Problems(model.Spec);
        return Task.FromResult(problems.Count == 0
            ? StepOutcome.Ready(ConditionReasons.ModelConfigValid, $"Agents call {model.Spec.Model} at {ModelConfigValidation.Endpoint(model.Spec)}.")
            : StepOutcome.Stalled(ConditionReasons.InvalidSpec, string.Join("; ", problems) + "."));
    }
}
