using System.Text;
using DotNet.Testcontainers.Configurations;
using k8s;
using Testcontainers.K3s;

namespace DynamoMcp.E2E.Tests;

/// <summary>
/// One K3s cluster for the E2E tests, started through Testcontainers. Where no Docker engine is
/// reachable the cluster is not started and every test skips with <see cref="SkipReason"/>.
/// Besides the API client it runs the cluster's own <c>kubectl</c> and imports images built on the
/// Docker host into the cluster's containerd, so tests need neither a host kubectl nor a registry.
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
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        Client = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
    }

    /// <summary>Runs the cluster's <c>kubectl</c> (inside the K3s container, with its admin kubeconfig); throws with its output when it fails.</summary>
    public async Task<string> KubectlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var command = new List<string> { "kubectl" };
        command.AddRange(arguments);
        return await ExecAsync(command, cancellationToken);
    }

    /// <summary><c>kubectl apply --server-side</c> of a manifest (CRDs are too large for client-side apply's annotation).</summary>
    public async Task<string> ApplyAsync(string yaml, CancellationToken cancellationToken)
    {
        var path = $"/tmp/e2e-{Guid.NewGuid():N}.yaml";
        await Running().CopyAsync(Encoding.UTF8.GetBytes(yaml), path, ct: cancellationToken);
        return await KubectlAsync(["apply", "--server-side", "--force-conflicts", "-f", path], cancellationToken);
    }

    /// <summary>Copies a directory of the test host into the K3s node's filesystem (for a hostPath volume).</summary>
    public Task CopyDirectoryAsync(string source, string target, CancellationToken cancellationToken) =>
        Running().CopyAsync(new DirectoryInfo(source), target, ct: cancellationToken);

    /// <summary>
    /// Puts an image of the Docker host (e.g. one built with <c>ImageFromDockerfileBuilder</c>) into the node's
    /// containerd, so pods with <c>imagePullPolicy: IfNotPresent</c> run it without a registry: <c>docker save</c>
    /// through the Docker API, then <c>k3s ctr images import</c> in the node.
    /// </summary>
    public async Task ImportImageAsync(string image, CancellationToken cancellationToken)
    {
        using var docker = TestcontainersSettings.OS.DockerEndpointAuthConfig!.GetDockerClientBuilder(Guid.NewGuid()).Build();
        using var archive = new MemoryStream();
        await using (var saved = await docker.Images.SaveImageAsync(image, cancellationToken))
        {
            await saved.CopyToAsync(archive, cancellationToken);
        }

        var path = $"/tmp/image-{Guid.NewGuid():N}.tar";
        await Running().CopyAsync(archive.ToArray(), path, ct: cancellationToken);
        await ExecAsync(["k3s", "ctr", "--namespace", "k8s.io", "images", "import", path], cancellationToken);
        await ExecAsync(["rm", "-f", path], cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        (Client as IDisposable)?.Dispose();
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }

    private async Task<string> ExecAsync(IList<string> command, CancellationToken cancellationToken)
    {
        var result = await Running().ExecAsync(command, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{string.Join(' ', command)}` in the K3s container exited {result.ExitCode}.\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
        }

        return result.Stdout;
    }

    private K3sContainer Running() =>
        container ?? throw new InvalidOperationException($"The K3s cluster is not running: {SkipReason}");
}
