using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Pods;

public sealed class PodLogTests
{
    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };

    [Fact]
    public async Task Log_serves_appended_output_with_tail_lines_and_is_deleted_with_the_pod()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedPodAsync(Pod("p"), "default", cancellationToken: Ct);
        await server.PodLogs.AppendAsync("default", "p", "main", Encoding.UTF8.GetBytes("one\ntwo\nthree\n"), Ct);

        using (var reader = new StreamReader(await client.CoreV1.ReadNamespacedPodLogAsync("p", "default", cancellationToken: Ct)))
        {
            (await reader.ReadToEndAsync(Ct)).Should().Be("one\ntwo\nthree\n");
        }
        using (var reader = new StreamReader(await client.CoreV1.ReadNamespacedPodLogAsync("p", "default", tailLines: 2, cancellationToken: Ct)))
        {
            (await reader.ReadToEndAsync(Ct)).Should().Be("two\nthree\n");
        }

        await client.CoreV1.DeleteNamespacedPodAsync("p", "default", cancellationToken: Ct);
        (await server.PodLogs.ReadAsync("default", "p", "main", Ct)).Should().BeEmpty();
        var (code, _) = await FailureOf(() => client.CoreV1.ReadNamespacedPodLogAsync("p", "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Follow_streams_until_the_container_completes()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedPodAsync(Pod("p"), "default", cancellationToken: Ct);
        await server.PodLogs.AppendAsync("default", "p", "main", "first\n"u8.ToArray(), Ct);

        var stream = await client.CoreV1.ReadNamespacedPodLogAsync("p", "default", follow: true, cancellationToken: Ct);
        using var reader = new StreamReader(stream);
        (await reader.ReadLineAsync(Ct)).Should().Be("first");
        await server.PodLogs.AppendAsync("default", "p", "main", "second\n"u8.ToArray(), Ct);
        (await reader.ReadLineAsync(Ct)).Should().Be("second");
        await server.PodLogs.CompleteAsync("default", "p", "main", Ct);
        (await reader.ReadToEndAsync(Ct)).Should().BeEmpty();
    }
}
