using System.Collections.Concurrent;
using System.Diagnostics;

namespace DynamoMcp.Operator.Bench;

/// <summary>When each object was created and first reconciled (Stopwatch timestamps).</summary>
internal sealed class FirstReconcileRecorder
{
    public ConcurrentDictionary<string, long> Created { get; } = new();

    public ConcurrentDictionary<string, long> FirstReconciled { get; } = new();

    public void Reconciled(string name) => FirstReconciled.TryAdd(name, Stopwatch.GetTimestamp());
}
