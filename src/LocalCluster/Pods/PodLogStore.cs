using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DynamoMcp.LocalCluster.Pods;

/// <summary>
/// Container logs kept in memory, and appended to files under <c>{dataDirectory}/logs/{namespace}/{pod}/{container}.log</c>
/// when a directory is given (so they survive a restart). Followers are woken on every append.
/// </summary>
public sealed class PodLogStore : IPodLogStore
{
    private readonly ConcurrentDictionary<(string Namespace, string Pod, string Container), ContainerLog> _logs = new();
    private readonly string? _directory;

    public PodLogStore(string? dataDirectory)
    {
        _directory = dataDirectory is null ? null : Path.Combine(dataDirectory, "logs");
    }

    public async ValueTask AppendAsync(string @namespace, string pod, string container, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        var log = Log(@namespace, pod, container);
        if (_directory is not null)
        {
            var path = FilePath(@namespace, pod, container);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await file.WriteAsync(chunk, cancellationToken);
        }
        log.Append(chunk.Span);
    }

    public ValueTask CompleteAsync(string @namespace, string pod, string container, CancellationToken cancellationToken)
    {
        Log(@namespace, pod, container).Complete();
        return ValueTask.CompletedTask;
    }

    public ValueTask<byte[]> ReadAsync(string @namespace, string pod, string container, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Log(@namespace, pod, container).Snapshot(0).Data);

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> FollowAsync(string @namespace, string pod, string container,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var log = Log(@namespace, pod, container);
        var offset = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (data, completed, changed) = log.Snapshot(offset);
            if (data.Length > 0)
            {
                offset += data.Length;
                yield return data;
            }
            if (completed)
            {
                yield break;
            }
            try
            {
                await changed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    public ValueTask DeletePodAsync(string @namespace, string pod, CancellationToken cancellationToken)
    {
        foreach (var key in _logs.Keys.Where(k => k.Namespace == @namespace && k.Pod == pod))
        {
            if (_logs.TryRemove(key, out var log))
            {
                log.Complete();
            }
        }
        if (_directory is not null)
        {
            var dir = Path.Combine(_directory, @namespace, pod);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        return ValueTask.CompletedTask;
    }

    private ContainerLog Log(string ns, string pod, string container) =>
        _logs.GetOrAdd((ns, pod, container), key =>
        {
            var log = new ContainerLog();
            if (_directory is not null && File.Exists(FilePath(key.Namespace, key.Pod, key.Container)))
            {
                log.Append(File.ReadAllBytes(FilePath(key.Namespace, key.Pod, key.Container)));
            }
            return log;
        });

    private string FilePath(string ns, string pod, string container) => Path.Combine(_directory!, ns, pod, container + ".log");

    private sealed class ContainerLog
    {
        private readonly Lock _gate = new();
        private readonly MemoryStream _data = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _completed;

        public void Append(ReadOnlySpan<byte> chunk)
        {
            TaskCompletionSource wake;
            lock (_gate)
            {
                _data.Write(chunk);
                wake = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            wake.TrySetResult();
        }

        public void Complete()
        {
            TaskCompletionSource wake;
            lock (_gate)
            {
                _completed = true;
                wake = _changed;
            }
            wake.TrySetResult();
        }

        public (byte[] Data, bool Completed, Task Changed) Snapshot(int offset)
        {
            lock (_gate)
            {
                var length = (int)_data.Length - offset;
                var data = length > 0 ? _data.GetBuffer().AsSpan(offset, length).ToArray() : [];
                return (data, _completed, _changed.Task);
            }
        }
    }
}
