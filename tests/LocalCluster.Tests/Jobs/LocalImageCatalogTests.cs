using DynamoMcp.LocalCluster.Jobs;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

public sealed class LocalImageCatalogTests
{
    private static readonly LocalImage Generator = new() { Entrypoint = ["gen"] };
    private static readonly LocalImage Acme = new() { Entrypoint = ["acme"] };

    private static readonly Dictionary<string, LocalImage> Images = new()
    {
        ["ghcr.io/dynamo-mcp/generator"] = Generator,
        ["ghcr.io/acme/*"] = Acme,
    };

    [Theory]
    [InlineData("ghcr.io/dynamo-mcp/generator", "gen")]
    [InlineData("ghcr.io/dynamo-mcp/generator:0.1.0", "gen")]
    [InlineData("ghcr.io/dynamo-mcp/generator@sha256:abcd", "gen")]
    [InlineData("ghcr.io/acme/tool:latest", "acme")]
    [InlineData("ghcr.io/acme/deep/tool", "acme")]
    public void Finds_images_by_name_ignoring_tag_and_digest(string image, string entrypoint) =>
        LocalImageCatalog.Find(Images, image)!.Entrypoint.Should().Equal(entrypoint);

    [Theory]
    [InlineData("busybox")]
    [InlineData("ghcr.io/dynamo-mcp/generator-extra")]
    [InlineData("")]
    public void Unmapped_images_have_no_stand_in(string image) => LocalImageCatalog.Find(Images, image).Should().BeNull();

    [Theory]
    [InlineData("docker.io/library/busybox:1.36", "busybox")]
    [InlineData("library/alpine", "alpine")]
    [InlineData("localhost:5000/team/app:v1", "localhost:5000/team/app")]
    public void Normalizes_docker_hub_names_and_keeps_registry_ports(string image, string expected) =>
        LocalImageCatalog.Normalize(image).Should().Be(expected);
}
