using DynamoMcp.LocalCluster.Jobs.Limits;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs.Limits;

public sealed class ContainerLimitsTests
{
    [Fact]
    public void Quantities_are_read_as_the_kubelet_reads_them()
    {
        var container = Container(("cpu", "500m"), ("memory", "512Mi"), ("ephemeral-storage", "1G"));

        ContainerLimits.From(container, 1024).Should().Be(new ContainerLimits(500, 512L << 20, 1_000_000_000, 1024));
        ContainerLimits.From(Container(("cpu", "2")), null).Should().Be(new ContainerLimits(2000, null, null, null));
        ContainerLimits.From(new V1Container { Name = "bare" }, null).Any.Should().BeFalse();
    }

    [Fact]
    public void The_pods_storage_limit_is_the_sum_of_its_containers_and_at_least_its_largest_init_container()
    {
        var spec = new V1PodSpec
        {
            Containers = [Container(("ephemeral-storage", "1Gi")), Container(("ephemeral-storage", "512Mi"))],
            InitContainers = [Container(("ephemeral-storage", "2Gi"))],
        };

        ContainerLimits.PodEphemeralStorage(spec).Should().Be(2L << 30);
        spec.InitContainers = null;
        ContainerLimits.PodEphemeralStorage(spec).Should().Be((1L << 30) + (512L << 20));
        spec.Containers.Add(new V1Container { Name = "unbounded" });
        ContainerLimits.PodEphemeralStorage(spec).Should().BeNull("a container without a limit leaves the pod without one");
    }

    [Theory]
    [InlineData(512L << 20, "512Mi")]
    [InlineData(1L << 30, "1Gi")]
    [InlineData(1536L << 20, "1536Mi")]
    [InlineData(1000, "1000")]
    public void Byte_counts_are_written_as_quantities(long bytes, string expected) => ContainerLimits.Bytes(bytes).Should().Be(expected);

    private static V1Container Container(params (string Name, string Value)[] limits) => new()
    {
        Name = "c" + Guid.NewGuid().ToString("N")[..4],
        Resources = new V1ResourceRequirements { Limits = limits.ToDictionary(l => l.Name, l => new ResourceQuantity(l.Value)) },
    };
}
