using DynamoMcp.Runtime.Reconcile;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// What a finished inspection means: the outcome for status, or (after a transient failure whose wait is over) start
/// the next attempt now. A successful inspection carries what it found, whose snapshot the controller stores before
/// status names it.
/// </summary>
public sealed record InspectionDecision(StepOutcome Outcome, bool RetryNow, InspectedTemplate? Inspected = null);
