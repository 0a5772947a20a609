namespace DynamoMcp.Operator.Sandbox;

/// <summary>A classified sandbox failure: the condition reason to report, what to tell the user, and whether to retry.</summary>
/// <param name="Reason">The condition reason (<see cref="Api.Conditions.ConditionReasons"/>) for the stage's kind.</param>
/// <param name="Message">What was wrong and what to do.</param>
/// <param name="Class">Stalled or transient.</param>
/// <param name="GeneratorReason">The row of <see cref="GeneratorReasons"/> it came from: the generator's reason, or an operator-side one.</param>
public sealed record SandboxFailure(string Reason, string Message, SandboxFailureClass Class, string GeneratorReason = "")
{
    public bool IsTransient => Class == SandboxFailureClass.Transient;
}
