using k8s;

namespace DynamoMcp.Operator.Hosting;

/// <summary>An operator started in-process by <see cref="OperatorHost.StartAsync"/>; disposing it stops it.</summary>
public sealed class OperatorHandle : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Kubernetes client;

    internal OperatorHandle(WebApplication app, Kubernetes client)
    {
        this.app = app;
        this.client = client;
    }

    public IServiceProvider Services => app.Services;

    /// <summary>Where /healthz, /readyz and /metrics are served.</summary>
    public IReadOnlyList<string> Urls => [.. app.Urls];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        client.Dispose();
    }
}
