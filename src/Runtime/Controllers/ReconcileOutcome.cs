namespace DynamoMcp.Runtime.Controllers;

/// <summary>What the runtime does after a reconcile.</summary>
public enum ReconcileOutcome
{
    /// <summary>Converged: forget the backoff; run again only when something changes.</summary>
    Done,

    /// <summary>Converged for now, look again after a delay (replaces polling); the backoff is forgotten.</summary>
    RequeueAfter,

    /// <summary>Run again soon, with the per-key backoff.</summary>
    Requeue,

    /// <summary>A temporary failure (API hiccup, conflict): retried with the per-key exponential backoff.</summary>
    Transient,

    /// <summary>Cannot progress until the object changes (bad spec): no retry; the next change of the object triggers a reconcile.</summary>
    Stalled,
}
