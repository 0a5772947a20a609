using DotNet.Testcontainers.Configurations;
using k8s;
using Testcontainers.K3s;

namespace DynamoMcp.E2E.Tests;

/// <summary>
/// One K3s cluster for the E2E tests, started through Testcontainers. Where no Docker engine is
/// reachable the cluster is not started and every test skips with <see cref="SkipReason"/>.
/// </summary>
public sealed class K3sFixture : IAsyncLifetime
{
    // Pinned: the oldest Kubernetes minor the chart supports is 1.27; CEL rules need 1.25+.
    public const string Image = "rancher/k3s:v1.31.4-k3s1";

    private K3sContainer? container;

    public string? SkipReason { get; private set; }

    public IKubernetes Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
        {
            SkipReason = "No Docker engine is reachable (Testcontainers found no Docker endpoint); the K3s end-to-end tests run where Docker and an image registry are available.";
            return;
        }

        container = new K3sBuilder(Image).Build();
        await container.StartAsync(TestContext.Current.CancellationToken);
        var kubeconfig = await container.GetKubeconfigAsync();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(kubeconfig));
        Client = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
    }

    public async ValueTask DisposeAsync()
    {
        (Client as IDisposable)?.Dispose();
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }
}
