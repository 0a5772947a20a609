using StackExchange.Redis;

namespace DynamoMcp.PackageDocs.Tests.Caching.Fixtures;

/// <summary>One redis-server and one connection for a test class; tests keep apart by key prefix, not by server.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? server;
    private IConnectionMultiplexer? connection;

    public IConnectionMultiplexer Connection => connection ?? throw new InvalidOperationException(RedisServer.MissingPrerequisite ?? "not started");

    public RedisServer Server => server ?? throw new InvalidOperationException(RedisServer.MissingPrerequisite ?? "not started");

    /// <summary>Skips the calling test when redis-server is missing, with the reason.</summary>
    public static void SkipWhenMissing() =>
        Assert.SkipWhen(RedisServer.MissingPrerequisite is not null, RedisServer.MissingPrerequisite ?? "");

    public async ValueTask InitializeAsync()
    {
        if (RedisServer.MissingPrerequisite is not null)
        {
            return;
        }

        server = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        connection = await DynamoMcp.PackageDocs.Caching.RedisConnections.ConnectAsync(server.Configuration, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
