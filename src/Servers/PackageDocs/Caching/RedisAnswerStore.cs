using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DynamoMcp.PackageDocs.Caching;

/// <summary>
/// Answers in Redis as <c>{"fetchedAt": …, "value": …}</c>, written through to a memory store as well. While Redis is down
/// (any Redis error), reads and writes go to the memory store alone: one warning when it goes, one note when it is back.
/// </summary>
public sealed partial class RedisAnswerStore(
    IConnectionMultiplexer redis, RedisAnswerStoreOptions options, MemoryAnswerStore memory, ILogger<RedisAnswerStore> logger) : IAnswerStore
{
    private int degraded;

    /// <summary>Whether the last Redis command failed, so answers are served from memory.</summary>
    public bool Degraded => Volatile.Read(ref degraded) == 1;

    public async Task<StoredAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(RedisKeyOf(key)).WaitAsync(cancellationToken).ConfigureAwait(false);
            Recovered();
            // An answer written while Redis was down lives only in memory.
            return value.IsNull ? await memory.GetAsync(key, cancellationToken).ConfigureAwait(false) : Parse(value.ToString());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Failed(e);
            return await memory.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SetAsync(string key, StoredAnswer answer, CancellationToken cancellationToken)
    {
        await memory.SetAsync(key, answer, cancellationToken).ConfigureAwait(false);
        try
        {
            await redis.GetDatabase().StringSetAsync(RedisKeyOf(key), Format(answer), options.Expiry).WaitAsync(cancellationToken).ConfigureAwait(false);
            Recovered();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Failed(e);
        }
    }

    /// <summary>The stored form: the value's JSON embedded as it is, beside the fetch time.</summary>
    public static string Format(StoredAnswer answer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("fetchedAt", answer.FetchedAt);
            writer.WritePropertyName("value");
            writer.WriteRawValue(answer.Json);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads <see cref="Format"/>'s form; null for anything else (an entry a different version wrote is a miss).</summary>
    public static StoredAnswer? Parse(string stored)
    {
        try
        {
            using var document = JsonDocument.Parse(stored);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("fetchedAt", out var fetchedAt) && fetchedAt.ValueKind == JsonValueKind.String && fetchedAt.TryGetDateTimeOffset(out var at)
                && root.TryGetProperty("value", out var value)
                ? new StoredAnswer(value.GetRawText(), at)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private RedisKey RedisKeyOf(string key) => options.KeyPrefix + key;

    private void Failed(Exception e)
    {
        if (Interlocked.Exchange(ref degraded, 1) == 0)
        {
            LogDegraded(e.GetType().Name, e.Message);
        }
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref degraded, 0) == 1)
        {
            LogRecovered();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable ({ErrorType}: {Error}); cached answers are kept in memory until it is back")]
    private partial void LogDegraded(string errorType, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is available again; cached answers are kept in Redis")]
    private partial void LogRecovered();
}
