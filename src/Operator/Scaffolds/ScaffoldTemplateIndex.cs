using System.Collections.Concurrent;
using DynamoMcp.Runtime;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// Which Scaffolds wait for which template, so a template change enqueues exactly them (controller-runtime's field
/// index for spec.templateRef). Filled by the Scaffold reconciler; every Scaffold is reconciled after a restart, so
/// the index rebuilds itself.
/// </summary>
public sealed class ScaffoldTemplateIndex
{
    private readonly ConcurrentDictionary<ObjectKey, ConcurrentDictionary<ObjectKey, byte>> waiting = new();

    public void Wait(ObjectKey template, ObjectKey scaffold) =>
        waiting.GetOrAdd(template, _ => new ConcurrentDictionary<ObjectKey, byte>()).TryAdd(scaffold, 0);

    public void Forget(ObjectKey scaffold)
    {
        foreach (var set in waiting.Values)
        {
            set.TryRemove(scaffold, out _);
        }
    }

    public IReadOnlyList<ObjectKey> WaitingOn(ObjectKey template) =>
        waiting.TryGetValue(template, out var set) ? [.. set.Keys] : [];
}
