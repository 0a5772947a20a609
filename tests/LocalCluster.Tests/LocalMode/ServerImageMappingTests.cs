using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.LocalCluster.LocalMode;

namespace DynamoMcp.LocalCluster.Tests.LocalMode;

public sealed class ServerImageMappingTests
{
    [Fact]
    public void Node_and_python_images_map_to_the_hosts_interpreters_and_only_node_gets_the_network()
    {
        var runner = new LocalJobRunnerOptions();
        LocalSandboxImages.AddServerImages(runner);

        var node = LocalImageCatalog.Find(runner.Images, "node:22-slim");
        var python = LocalImageCatalog.Find(runner.Images, "docker.io/library/python:3.12");

        node!.Entrypoint.Should().Equal("node");
        node.AllowsNetwork("server").Should().BeTrue();
        python!.Entrypoint.Should().Equal("python3");
        python.AllowsNetwork("server").Should().BeFalse();
    }

    [Fact]
    public void An_image_map_binds_its_programs_folder_and_takes_network_as_an_option()
    {
        var runner = new LocalJobRunnerOptions();
        LocalSandboxImages.AddImageMap(runner, "ghcr.io/acme/server=/opt/acme/bin/server,network");

        var image = LocalImageCatalog.Find(runner.Images, "ghcr.io/acme/server:1.2");

        image!.Entrypoint.Should().Equal("/opt/acme/bin/server");
        image.ReadOnlyBinds.Should().ContainKey("/opt/acme/bin");
        image.AllowNetwork.Should().BeTrue();
    }

    [Theory]
    [InlineData("no-equals", "expected IMAGE=")]
    [InlineData("img=relative/program", "absolute host path")]
    [InlineData("img=/bin/x,fast", "unknown option 'fast'")]
    public void A_bad_image_map_is_refused_saying_why(string map, string problem) =>
        LocalSandboxImages.ImageMapProblem(map).Should().Contain(problem);
}
