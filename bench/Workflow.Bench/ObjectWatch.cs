using DynamoMcp.Runtime.Client;
using k8s;
using k8s.Models;

namespace DynamoMcp.Workflow.Bench;

/// <summary>
/// One watch on a kind in a namespace that records, on the bench's clock, when each object was first seen and when it
/// first looked finished; both sides of a comparison learn of completions the same way (a watch event).
/// </summary>
internal sealed class ObjectWatch<T> : IAsyncDisposable where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ResourceClient<T> _client;
    private readonly string _namespace;
    private readonly Func<T, bool> _finished;
    private readonly BenchClock _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WatchedObject<T>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<T>> _waiters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private ObjectWatch(IKubernetes client, string ns, Func<T, bool> finished, BenchClock clock) =>
        (_client, _namespace, _finished, _clock) = (new ResourceClient<T>(client), ns, finished, clock);

    public static async Task<ObjectWatch<T>> StartAsync(IKubernetes client, string ns, Func<T, bool> finished, BenchClock clock)
    {
        var watch = new ObjectWatch<T>(client, ns, finished, clock);
        var list = await watch._client.ListAsync(ns, CancellationToken.None);
        foreach (var item in list.Items)
        {
            watch.Observe(item);
        }

        watch._loop = Task.Run(() => watch.RunAsync(list.ResourceVersion));
        return watch;
    }

    /// <summary>Completes when the object named looks finished (at once when it already did).</summary>
    public Task<T> FinishedAsync(string name)
    {
        lock (_gate)
        {
            if (_objects.TryGetValue(name, out var seen) && seen.FinishedMs is not null)
            {
                return Task.FromResult(seen.Last);
            }

            if (!_waiters.TryGetValue(name, out var waiter))
            {
                waiter = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[name] = waiter;
            }

            return waiter.Task;
        }
    }

    /// <summary>What the watch saw of every object so far.</summary>
    public IReadOnlyList<WatchedObject<T>> Snapshot()
    {
        lock (_gate)
        {
            return [.. _objects.Values];
        }
    }

    private async Task RunAsync(string resourceVersion)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, obj) in _client.WatchAsync(_namespace, resourceVersion, 3600, _ => { }, _stop.Token))
                {
                    if (obj?.Metadata?.ResourceVersion is { Length: > 0 } rv)
                    {
                        resourceVersion = rv;
                    }

                    if (type is WatchEventType.Added or WatchEventType.Modified && obj?.Metadata?.Name is not null)
                    {
                        Observe(obj);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or k8s.Autorest.HttpOperationException)
            {
                await Task.Delay(100);
            }
        }
    }

    private void Observe(T obj)
    {
        var now = _clock.NowMs;
        TaskCompletionSource<T>? done = null;
        lock (_gate)
        {
            var name = obj.Metadata.Name;
            if (!_objects.TryGetValue(name, out var seen))
            {
                seen = new WatchedObject<T>(name, now);
                _objects[name] = seen;
            }

            seen.Last = obj;
            seen.Events++;
            if (seen.FinishedMs is null && _finished(obj))
            {
                seen.FinishedMs = now;
                if (_waiters.Remove(name, out var waiter))
                {
                    done = waiter;
                }
            }
        }

        done?.TrySetResult(obj);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
