using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Api.Conditions;

/// <summary>
/// Keeps Ready, Reconciling and Stalled consistent (the kstatus convention Argo CD, Flux and kubectl wait read):
/// Ready=True has neither Reconciling nor Stalled; Reconciling and Stalled never appear together.
/// Each method stamps <c>status.observedGeneration</c> and each condition's observedGeneration with
/// <paramref name="generation"/> (the resource's metadata.generation) and returns whether anything changed.
/// </summary>
public static class KStatus
{
    /// <summary>Work finished: Ready=True; Reconciling and Stalled removed.</summary>
    public static bool MarkReady(this IDynamoStatus status, long? generation, string reason, string message, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(status);
        var changed = Stamp(status, generation);
        changed |= status.Conditions.Set(ConditionTypes.Ready, ConditionStatus.True, reason, message, generation, clock);
        changed |= status.Conditions.Remove(ConditionTypes.Reconciling);
        changed |= status.Conditions.Remove(ConditionTypes.Stalled);
        return changed;
    }

    /// <summary>Work in flight: Reconciling=True, Ready=Unknown with the same reason; Stalled removed.</summary>
    public static bool MarkReconciling(this IDynamoStatus status, long? generation, string reason, string message, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(status);
        var changed = Stamp(status, generation);
        changed |= status.Conditions.Set(ConditionTypes.Reconciling, ConditionStatus.True, reason, message, generation, clock);
        changed |= status.Conditions.Set(ConditionTypes.Ready, ConditionStatus.Unknown, reason, message, generation, clock);
        changed |= status.Conditions.Remove(ConditionTypes.Stalled);
        return changed;
    }

    /// <summary>
    /// A transient failure that will be retried: Ready=False with the failure's reason, Reconciling=True
    /// (ProgressingWithRetry); Stalled removed.
    /// </summary>
    public static bool MarkRetrying(this IDynamoStatus status, long? generation, string reason, string message, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(status);
        var changed = Stamp(status, generation);
        changed |= status.Conditions.Set(ConditionTypes.Reconciling, ConditionStatus.True, ConditionReasons.ProgressingWithRetry, message, generation, clock);
        changed |= status.Conditions.Set(ConditionTypes.Ready, ConditionStatus.False, reason, message, generation, clock);
        changed |= status.Conditions.Remove(ConditionTypes.Stalled);
        return changed;
    }

    /// <summary>Cannot progress without a spec change: Stalled=True and Ready=False with the same reason; Reconciling removed.</summary>
    public static bool MarkStalled(this IDynamoStatus status, long? generation, string reason, string message, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(status);
        var changed = Stamp(status, generation);
        changed |= status.Conditions.Set(ConditionTypes.Stalled, ConditionStatus.True, reason, message, generation, clock);
        changed |= status.Conditions.Set(ConditionTypes.Ready, ConditionStatus.False, reason, message, generation, clock);
        changed |= status.Conditions.Remove(ConditionTypes.Reconciling);
        return changed;
    }

    private static bool Stamp(IDynamoStatus status, long? generation)
    {
        status.Conditions ??= [];
        if (status.ObservedGeneration == generation)
        {
            return false;
        }

        status.ObservedGeneration = generation;
        return true;
    }
}
