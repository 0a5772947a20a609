using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Tests.Sandbox;

namespace DynamoMcp.Operator.Tests.Scaffolds;

public sealed class ScaffoldResultConfigMapBuilderTests
{
    private static byte[] Archive(params (string Path, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.NoCompression, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Chunks_use_the_bridge_format_and_join_back_to_the_archive()
    {
        var big = RandomNumberGenerator.GetBytes(5000);
        var archive = Archive(("app/README.md", "# hi\n"u8.ToArray()), ("app/blob.bin", big));
        var sha = Convert.ToHexStringLower(SHA256.HashData(archive));

        var maps = ScaffoldResultConfigMapBuilder.Build(SandboxPodSpecs.Scaffold(), archive, sha, chunkSize: 1024);

        maps.Count.Should().Be((archive.Length + 1023) / 1024);
        maps.Should().OnlyContain(m => m.Metadata.Labels[ScaffoldResultFormat.ScaffoldLabel] == "my-app" && m.Metadata.OwnerReferences.Single().Uid == "uid-app");
        maps.Select(m => m.Metadata.Annotations[ScaffoldResultFormat.ChunkIndexAnnotation]).Should().Equal(Enumerable.Range(0, maps.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        maps[1].BinaryData.Keys.Should().Equal("chunk-0001");
        maps.Select(m => m.Metadata.Name).Should().OnlyHaveUniqueItems().And.OnlyContain(n => n.Length <= 63);

        var shuffled = maps.Reverse().ToList();
        ScaffoldArchive.Join(shuffled).Should().Equal(archive);
        ScaffoldArchive.ListFiles(archive).Select(f => (f.Path, f.Size)).Should().Equal(("app/README.md", 5L), ("app/blob.bin", 5000L));
        ScaffoldArchive.ReadFile(archive, "./app/blob.bin").Should().Equal(big);
        ScaffoldArchive.ReadFile(archive, "app/missing").Should().BeNull();
    }

    [Fact]
    public void Rebuilding_the_same_result_gives_the_same_names()
    {
        var archive = Archive(("a.txt", "a"u8.ToArray()));
        var sha = Convert.ToHexStringLower(SHA256.HashData(archive));

        ScaffoldResultConfigMapBuilder.Build(SandboxPodSpecs.Scaffold(), archive, sha).Select(m => m.Metadata.Name)
            .Should().Equal(ScaffoldResultConfigMapBuilder.Build(SandboxPodSpecs.Scaffold(), archive, sha).Select(m => m.Metadata.Name));
    }
}
