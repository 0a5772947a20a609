using DynamoMcp.LocalCluster;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Status;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Runtime.Tests.Integration;

public sealed class FinalizerAndStatusIntegrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_finalizer_is_added_on_first_reconcile_run_on_deletion_then_removed_so_the_object_goes()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();
        await using var host = await RuntimeHost.StartAsync(cluster, log, cancellationToken: Ct, controller: c => c.WithFinalizer<SampleFinalizer>());
        using var writer = cluster.CreateClient();
        var key = new ObjectKey("default", "guarded");

        await writer.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "guarded", NamespaceProperty = "default" } }, "default", cancellationToken: Ct);
        await Eventually.TrueAsync(
            () => host.Controller.Cache.Get(key)?.Metadata.Finalizers?.Contains(SampleFinalizer.Name) == true,
            "the finalizer was added");
        log.Finalized.Should().BeEmpty();

        await writer.CoreV1.DeleteNamespacedConfigMapAsync("guarded", "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => log.Deleted.ContainsKey(key), "the object went away after finalizing");

        log.Finalized.Should().Equal(key);
        var remaining = await writer.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=guarded", cancellationToken: Ct);
        remaining.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task The_status_writer_patches_only_when_the_status_changed()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        await using var host = await RuntimeHost.StartAsync(cluster, new ReconcileLog(), cancellationToken: Ct);
        var informer = host.Services.GetRequiredService<InformerRegistry>().Get<V1Deployment>();
        await informer.WaitForSyncAsync(Ct);
        var statusWriter = host.Services.GetRequiredService<IStatusWriter<V1Deployment>>();
        using var writer = cluster.CreateClient();
        var created = await writer.AppsV1.CreateNamespacedDeploymentAsync(
            new V1Deployment
            {
                Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
                Spec = new V1DeploymentSpec
                {
                    Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx" }] },
                    },
                },
            },
            "default",
            cancellationToken: Ct);
        var key = ObjectKey.From(created);
        await Eventually.TrueAsync(() => informer.Cache.Get(key) is not null, "the deployment is cached");

        var changed = KubernetesJson.Deserialize<V1Deployment>(KubernetesJson.Serialize(informer.Cache.Get(key)));
        changed.Status ??= new V1DeploymentStatus();
        changed.Status.ObservedGeneration = 42;
        var writesBefore = host.Requests.Writes;

        (await statusWriter.UpdateAsync(changed, Ct)).Should().BeTrue();
        host.Requests.Writes.Should().Be(writesBefore + 1);
        await Eventually.TrueAsync(() => informer.Cache.Get(key)?.Status?.ObservedGeneration == 42, "the cache saw the new status");
        (await statusWriter.UpdateAsync(changed, Ct)).Should().BeFalse("nothing changed");
        host.Requests.Writes.Should().Be(writesBefore + 1, "an unchanged status sends no request");

        var server = await writer.AppsV1.ReadNamespacedDeploymentAsync("web", "default", cancellationToken: Ct);
        server.Status.ObservedGeneration.Should().Be(42);
    }
}
