using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Storage;

/// <summary>
/// Durable rows in SQLite. One writer task drains a queue and commits whatever has accumulated in one
/// transaction (group commit), so many concurrent creates cost one fsync; callers await their row's commit.
/// </summary>
internal sealed class SqlitePersistence : IAsyncDisposable
{
    private const int MaxBatch = 1024;
    private readonly SqliteConnection _connection;
    private readonly Channel<PersistOperation> _queue = Channel.CreateUnbounded<PersistOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly ILogger _logger;

    // A SqliteConnection is not thread-safe, not even for creating and disposing commands (it keeps a list of them):
    // the load and the writer's set-up take turns.
    private readonly SemaphoreSlim _setup = new(1, 1);

    private SqlitePersistence(SqliteConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Opens <c>cluster.db</c> in <paramref name="dataDirectory"/>, or a private in-memory database when null.</summary>
    public static async Task<SqlitePersistence> OpenAsync(string? dataDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = dataDirectory is null
            ? $"Data Source=file:localcluster-{Guid.NewGuid():N}?mode=memory&cache=shared"
            : new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "cluster.db"), Pooling = false }.ToString();
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = dataDirectory is null
                ? "PRAGMA journal_mode=MEMORY;"
                : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            pragma.CommandText += """
                CREATE TABLE IF NOT EXISTS objects (
                  storage_key TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                  revision INTEGER NOT NULL, json BLOB NOT NULL,
                  PRIMARY KEY (storage_key, namespace, name)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return new SqlitePersistence(connection, logger);
    }

    /// <summary>Reads every row and the last revision handed out.</summary>
    public async Task<(List<(string StorageKey, byte[] Json, long Revision)> Rows, long Revision)> LoadAsync(CancellationToken cancellationToken)
    {
        await _setup.WaitAsync(cancellationToken);
        try
        {
            return await LoadCoreAsync(cancellationToken);
        }
        finally
        {
            _setup.Release();
        }
    }

    private async Task<(List<(string StorageKey, byte[] Json, long Revision)> Rows, long Revision)> LoadCoreAsync(CancellationToken cancellationToken)
    {
        var rows = new List<(string, byte[], long)>();
        long revision = 0;
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT storage_key, json, revision FROM objects";
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var rv = reader.GetInt64(2);
                rows.Add((reader.GetString(0), (byte[])reader[1], rv));
                revision = Math.Max(revision, rv);
            }
        }
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'revision'";
        if (await cmd.ExecuteScalarAsync(cancellationToken) is long stored)
        {
            revision = Math.Max(revision, stored);
        }
        return (rows, revision);
    }

    /// <summary>Queues a row change; the returned task completes once it is committed.</summary>
    public Task Enqueue(PersistOperation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            operation.Committed.TrySetException(new ObjectDisposedException(nameof(SqlitePersistence), "The store is shutting down; retry against a running server."));
        }
        return operation.Committed.Task;
    }

    private async Task WriteLoopAsync()
    {
        await _setup.WaitAsync();
        using var upsert = _connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO objects (storage_key, namespace, name, revision, json) VALUES ($k, $ns, $n, $rv, $json)
            ON CONFLICT (storage_key, namespace, name) DO UPDATE SET revision = excluded.revision, json = excluded.json
            """;
        var uk = upsert.Parameters.Add("$k", SqliteType.Text);
        var uns = upsert.Parameters.Add("$ns", SqliteType.Text);
        var un = upsert.Parameters.Add("$n", SqliteType.Text);
        var urv = upsert.Parameters.Add("$rv", SqliteType.Integer);
        var ujson = upsert.Parameters.Add("$json", SqliteType.Blob);
        using var delete = _connection.CreateCommand();
        delete.CommandText = "DELETE FROM objects WHERE storage_key = $k AND namespace = $ns AND name = $n";
        var dk = delete.Parameters.Add("$k", SqliteType.Text);
        var dns = delete.Parameters.Add("$ns", SqliteType.Text);
        var dn = delete.Parameters.Add("$n", SqliteType.Text);
        using var revision = _connection.CreateCommand();
        revision.CommandText = "INSERT INTO meta (key, value) VALUES ('revision', $rv) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        var rrv = revision.Parameters.Add("$rv", SqliteType.Integer);
        _setup.Release();

        var batch = new List<PersistOperation>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var op))
            {
                batch.Add(op);
            }
            try
            {
                using var tx = _connection.BeginTransaction();
                upsert.Transaction = tx;
                delete.Transaction = tx;
                revision.Transaction = tx;
                long last = 0;
                foreach (var op in batch)
                {
                    if (op.Json is null)
                    {
                        dk.Value = op.StorageKey;
                        dns.Value = op.Namespace;
                        dn.Value = op.Name;
                        delete.ExecuteNonQuery();
                    }
                    else
                    {
                        uk.Value = op.StorageKey;
                        uns.Value = op.Namespace;
                        un.Value = op.Name;
                        urv.Value = op.Revision;
                        ujson.Value = op.Json;
                        upsert.ExecuteNonQuery();
                    }
                    last = Math.Max(last, op.Revision);
                }
                rrv.Value = last;
                revision.ExecuteNonQuery();
                tx.Commit();
                foreach (var op in batch)
                {
                    op.Committed.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Committing {Count} object changes to SQLite failed", batch.Count);
                foreach (var op in batch)
                {
                    op.Committed.TrySetException(ex);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        try
        {
            await _connection.DisposeAsync();
        }
        catch (NullReferenceException ex)
        {
            // Seen once in CI: Microsoft.Data.Sqlite's Close walking its command list threw after every write had
            // committed (the writer loop has ended). Nothing is lost; shutting down must not fail on it.
            _logger.LogWarning(ex, "Closing the SQLite connection failed after all writes were committed");
        }
    }
}
