using k8s.Models;

namespace DynamoMcp.Api.Conditions;

/// <summary>
/// Get and set metav1.Condition entries the way apimachinery's meta.SetStatusCondition does: one entry per type,
/// lastTransitionTime moves only when the status changes.
/// </summary>
public static class ConditionListExtensions
{
    /// <summary>metav1.Condition.message is limited to 32768 characters by the schema.</summary>
    public const int MaxMessageLength = 32768;

    public static V1Condition? Find(this IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal));

    public static bool IsTrue(this IEnumerable<V1Condition>? conditions, string type) =>
        conditions.Find(type)?.Status == ConditionStatus.True;

    public static bool IsFalse(this IEnumerable<V1Condition>? conditions, string type) =>
        conditions.Find(type)?.Status == ConditionStatus.False;

    /// <summary>True when the condition is absent or Unknown.</summary>
    public static bool IsUnknown(this IEnumerable<V1Condition>? conditions, string type) =>
        conditions.Find(type) is not { } c || c.Status == ConditionStatus.Unknown;

    /// <summary>
    /// Adds or updates the condition of <paramref name="type"/>. Returns whether anything changed, so callers write
    /// status only when it did.
    /// </summary>
    public static bool Set(
        this IList<V1Condition> conditions,
        string type,
        string status,
        string reason,
        string message,
        long? observedGeneration,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentNullException.ThrowIfNull(clock);
        if (status is not (ConditionStatus.True or ConditionStatus.False or ConditionStatus.Unknown))
        {
            throw new ArgumentException($"Condition status must be True, False or Unknown, not '{status}'.", nameof(status));
        }

        message ??= "";
        if (message.Length > MaxMessageLength)
        {
            message = message[..(MaxMessageLength - 3)] + "...";
        }

        var existing = conditions.Find(type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                ObservedGeneration = observedGeneration,
                LastTransitionTime = Now(clock),
            });
            return true;
        }

        var changed = false;
        if (existing.Status != status)
        {
            existing.Status = status;
            existing.LastTransitionTime = Now(clock);
            changed = true;
        }

        if (existing.Reason != reason)
        {
            existing.Reason = reason;
            changed = true;
        }

        if (existing.Message != message)
        {
            existing.Message = message;
            changed = true;
        }

        if (existing.ObservedGeneration != observedGeneration)
        {
            existing.ObservedGeneration = observedGeneration;
            changed = true;
        }

        return changed;
    }

    /// <summary>Removes the condition of <paramref name="type"/>; returns whether it was present.</summary>
    public static bool Remove(this IList<V1Condition> conditions, string type)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var existing = conditions.Find(type);
        return existing is not null && conditions.Remove(existing);
    }

    // metav1.Time has second precision; keeping it here makes "changed?" comparisons stable across a round trip.
    private static DateTime Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
