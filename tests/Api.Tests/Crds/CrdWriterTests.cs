using DynamoMcp.Api.Crds;
using YamlDotNet.Serialization;

namespace DynamoMcp.Api.Tests.Crds;

public sealed class CrdWriterTests
{
    [Fact]
    public async Task Writes_every_crd_to_both_folders_with_a_generated_header()
    {
        var root = Directory.CreateTempSubdirectory("crds-").FullName;
        try
        {
            var written = await CrdWriter.WriteAsync(root, TestContext.Current.CancellationToken);

            written.Should().HaveCount(CrdGenerator.Kinds.Count * 2);
            foreach (var path in written)
            {
                var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
                text.Split('\n')[0].Should().Contain("Generated").And.Contain(CrdWriter.GenerateCommand);
                text.Should().NotContain("\r");
                var doc = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);
                doc["kind"].Should().Be("CustomResourceDefinition");
            }

            File.ReadAllText(Path.Combine(root, "config/crd/dynamo-mcp.io_scaffolds.yaml"))
                .Should().Be(File.ReadAllText(Path.Combine(root, "charts/dynamo-mcp/crds/dynamo-mcp.io_scaffolds.yaml")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Rendering_is_deterministic() => CrdWriter.Render().Should().BeEquivalentTo(CrdWriter.Render());
}
