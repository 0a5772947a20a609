using OpenTelemetry.Metrics;

namespace DynamoMcp.Runtime.Metrics;

public static class MeterProviderBuilderExtensions
{
    /// <summary>Collects the controller runtime's meter with controller-runtime's histogram buckets.</summary>
    public static MeterProviderBuilder AddControllerRuntimeMetrics(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddMeter(ControllerRuntimeMetrics.MeterName)
            .AddView("controller_runtime_reconcile_time", new ExplicitBucketHistogramConfiguration { Boundaries = [.. ControllerRuntimeMetrics.ReconcileBuckets] })
            .AddView("workqueue_queue_duration", new ExplicitBucketHistogramConfiguration { Boundaries = [.. ControllerRuntimeMetrics.QueueBuckets] })
            .AddView("workqueue_work_duration", new ExplicitBucketHistogramConfiguration { Boundaries = [.. ControllerRuntimeMetrics.QueueBuckets] });
    }
}
