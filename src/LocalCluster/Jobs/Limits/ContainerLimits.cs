using System.Globalization;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>
/// The limits a container runs under, read from its <c>resources.limits</c> (cpu, memory, ephemeral-storage) and the
/// node's pod pids limit, as a kubelet reads them. Pure.
/// </summary>
/// <param name="CpuMillis">CPU limit in millicores (<c>1</c> is 1000, <c>500m</c> 500), or null.</param>
/// <param name="MemoryBytes">Memory limit in bytes, or null.</param>
/// <param name="EphemeralStorageBytes">Ephemeral-storage limit in bytes, or null.</param>
/// <param name="Pids">Most processes and threads at once, or null.</param>
public sealed record ContainerLimits(long? CpuMillis, long? MemoryBytes, long? EphemeralStorageBytes, int? Pids)
{
    /// <summary>No limit at all.</summary>
    public static ContainerLimits None { get; } = new(null, null, null, null);

    /// <summary>Whether any limit is set.</summary>
    public bool Any => CpuMillis is not null || MemoryBytes is not null || EphemeralStorageBytes is not null || Pids is not null;

    /// <summary>The limits of <paramref name="container"/>; <paramref name="podPidsLimit"/> is the node's setting (null: none).</summary>
    public static ContainerLimits From(V1Container container, int? podPidsLimit)
    {
        ArgumentNullException.ThrowIfNull(container);
        var limits = container.Resources?.Limits;
        return new ContainerLimits(
            Quantity(limits, "cpu") is { } cpu ? (long)Math.Ceiling(cpu * 1000m) : null,
            Quantity(limits, "memory") is { } memory ? (long)Math.Ceiling(memory) : null,
            Quantity(limits, "ephemeral-storage") is { } storage ? (long)Math.Ceiling(storage) : null,
            podPidsLimit);
    }

    /// <summary>
    /// The pod's ephemeral-storage limit as the kubelet's eviction manager computes it: the sum of the containers'
    /// limits when every container has one (else none), and at least the largest init container's.
    /// </summary>
    public static long? PodEphemeralStorage(V1PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long? sum = 0;
        foreach (var container in spec.Containers ?? [])
        {
            sum = Quantity(container.Resources?.Limits, "ephemeral-storage") is { } value && sum is { } total ? total + (long)Math.Ceiling(value) : null;
        }

        if (sum is null)
        {
            return null;
        }

        foreach (var init in spec.InitContainers ?? [])
        {
            if (Quantity(init.Resources?.Limits, "ephemeral-storage") is { } value)
            {
                sum = Math.Max(sum.Value, (long)Math.Ceiling(value));
            }
        }

        return sum;
    }

    /// <summary>A byte count as Kubernetes writes it: <c>512Mi</c>, <c>1Gi</c>, or plain bytes.</summary>
    public static string Bytes(long bytes)
    {
        foreach (var (suffix, size) in (ReadOnlySpan<(string, long)>)[("Ti", 1L << 40), ("Gi", 1L << 30), ("Mi", 1L << 20), ("Ki", 1L << 10)])
        {
            if (bytes >= size && bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    private static decimal? Quantity(IDictionary<string, ResourceQuantity>? limits, string name) =>
        limits is not null && limits.TryGetValue(name, out var quantity) && quantity is not null ? quantity.ToDecimal() : null;
}
