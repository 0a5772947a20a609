using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace DynamoMcp.PackageDocs.Tests.Caching.Fixtures;

/// <summary>Sums the measurements of the counters on one <see cref="Meter"/> instance (never another test's), and waits for a total.</summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> totals = new();
    private readonly ConcurrentDictionary<(string Instrument, long Total), TaskCompletionSource> waiters = new();

    public MeasurementRecorder(Meter meter)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            var total = totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            foreach (var ((name, wanted), waiter) in waiters)
            {
                if (name == instrument.Name && total >= wanted)
                {
                    waiter.TrySetResult();
                }
            }
        });
        listener.Start();
    }

    public long Total(string instrument) => totals.GetValueOrDefault(instrument);

    /// <summary>Completes once <paramref name="instrument"/> has summed to at least <paramref name="total"/>.</summary>
    public Task WhenTotalAsync(string instrument, long total)
    {
        var waiter = waiters.GetOrAdd((instrument, total), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Total(instrument) >= total)
        {
            waiter.TrySetResult();
        }

        return waiter.Task;
    }

    public void Dispose() => listener.Dispose();
}
