namespace DynamoMcp.Runtime.Reconcile;

/// <summary>How a reconcile step ended (Flux source-controller's typed results).</summary>
public enum StepOutcomeKind
{
    /// <summary>The step's part is in place: run the next step.</summary>
    Continue,

    /// <summary>Converged: Ready=True. Later steps do not run.</summary>
    Ready,

    /// <summary>Work in flight or waiting on something else: Reconciling=True, Ready=Unknown; requeued after a delay or by a watch event.</summary>
    Waiting,

    /// <summary>A temporary failure: Ready=False, Reconciling=True; retried with backoff and counted in controller_runtime_reconcile_errors_total.</summary>
    Transient,

    /// <summary>Cannot progress without a change to the spec: Stalled=True, Ready=False; not retried.</summary>
    Stalled,
}
