namespace DynamoMcp.Runtime.Reconcile;

/// <summary>
/// One small part of a reconcile, with the one signature every step has. Steps of a reconcile share the scoped
/// controller instance they belong to, so what one step found (the template, the Job) is a field the next reads.
/// </summary>
public delegate Task<StepOutcome> ReconcileStep<in TEntity>(TEntity entity, CancellationToken cancellationToken);
