using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Scaffolds;
using k8s.Models;

namespace DynamoMcp.Api.Tests.Scaffolds;

/// <summary>
/// The reader's side of <see cref="ScaffoldResultFormat"/>, against chunks the operator's own
/// <see cref="ScaffoldResultConfigMapBuilder"/> writes: exactly the chunks status names, owned by this uid, verified.
/// </summary>
public sealed class ScaffoldResultAssemblerTests
{
    private static readonly byte[] Archive = TarGz(("app/README.md", "# app\n"), ("app/main.py", string.Concat(Enumerable.Repeat("print('hi')\n", 200))));

    [Fact]
    public void Joins_the_chunks_status_names_in_that_order_and_ignores_other_config_maps()
    {
        var (scaffold, chunks) = Stored("my-app", "uid-1", Archive);
        chunks.Should().HaveCountGreaterThan(2);
        var leftover = Stored("my-app", "uid-0", TarGz(("old/README.md", "# old\n"))).Chunks;

        var joined = ScaffoldResultAssembler.Assemble(scaffold, ByName([.. chunks.Reverse(), .. leftover]));

        joined.Should().Equal(Archive);
        ScaffoldResultAssembler.ChunkNames(scaffold).Should().Equal(chunks.Select(c => c.Metadata.Name));
    }

    [Fact]
    public void No_artifact_means_no_result_yet()
    {
        var scaffold = new Scaffold { Metadata = new V1ObjectMeta { Name = "fresh", NamespaceProperty = "team-a", Uid = "uid-1" } };

        ScaffoldResultAssembler.ChunkNames(scaffold).Should().BeEmpty();
        ScaffoldResultAssembler.Assemble(scaffold, ByName([])).Should().BeNull();
    }

    [Fact]
    public void A_missing_chunk_is_named_with_its_position()
    {
        var (scaffold, chunks) = Stored("my-app", "uid-1", Archive);

        var act = () => ScaffoldResultAssembler.Assemble(scaffold, ByName([chunks[0], chunks[2]]));

        act.Should().Throw<ScaffoldResultException>().WithMessage($"ConfigMap '{chunks[1].Metadata.Name}' (chunk 2 of {chunks.Count}) of Scaffold 'team-a/my-app' does not exist*Create the project again.");
    }

    [Fact]
    public void A_chunk_of_an_earlier_scaffold_of_the_same_name_is_refused_even_with_the_same_bytes()
    {
        var (scaffold, chunks) = Stored("my-app", "uid-new", Archive);
        var (_, earlier) = Stored("my-app", "uid-old", Archive);
        earlier[0].Metadata.Name.Should().Be(chunks[0].Metadata.Name, "same name and same archive give the same chunk names");

        var act = () => ScaffoldResultAssembler.Assemble(scaffold, ByName([earlier[0], .. chunks.Skip(1)]));

        act.Should().Throw<ScaffoldResultException>()
            .WithMessage("*is owned by uid uid-old, not by Scaffold 'team-a/my-app' (uid uid-new)*not served*");
    }

    [Fact]
    public void A_chunk_without_owner_is_refused()
    {
        var (scaffold, chunks) = Stored("my-app", "uid-1", Archive);
        chunks[1].Metadata.OwnerReferences = null;

        var act = () => ScaffoldResultAssembler.Assemble(scaffold, ByName(chunks));

        act.Should().Throw<ScaffoldResultException>().WithMessage("*(chunk 2 of *) has no owner*");
    }

    [Fact]
    public void An_altered_chunk_of_the_same_size_fails_the_sha256_check()
    {
        var (scaffold, chunks) = Stored("my-app", "uid-1", Archive);
        var data = chunks[1].BinaryData.Single();
        data.Value[0] ^= 0xFF;

        var act = () => ScaffoldResultAssembler.Assemble(scaffold, ByName(chunks));

        act.Should().Throw<ScaffoldResultException>()
            .WithMessage($"*does not match its status: the joined archive has SHA-256 *, but status.artifact.sha256 is {scaffold.Status.Artifact!.Sha256}*not served*");
    }

    [Fact]
    public void A_chunk_of_other_length_fails_the_size_check()
    {
        var (scaffold, chunks) = Stored("my-app", "uid-1", Archive);
        var key = chunks[2].BinaryData.Single().Key;
        chunks[2].BinaryData[key] = [.. chunks[2].BinaryData[key], 0];

        var act = () => ScaffoldResultAssembler.Assemble(scaffold, ByName(chunks));

        act.Should().Throw<ScaffoldResultException>().WithMessage($"*join to {Archive.Length + 1} bytes, but status.artifact.size is {Archive.Length}*");
    }

    [Fact]
    public void Chunks_listed_out_of_order_or_of_another_archive_are_refused_before_hashing()
    {
        var (scaffold, chunks) = Stored("my-app", "uid-1", Archive);
        scaffold.Status.Artifact!.Names = [chunks[1].Metadata.Name, chunks[0].Metadata.Name, .. chunks.Skip(2).Select(c => c.Metadata.Name)];
        var swapped = () => ScaffoldResultAssembler.Assemble(scaffold, ByName(chunks));
        swapped.Should().Throw<ScaffoldResultException>().WithMessage("*annotated as chunk index 1, not 0*");

        var (other, otherChunks) = Stored("my-app", "uid-1", Archive);
        otherChunks[0].Metadata.Annotations[ScaffoldResultFormat.ArchiveSha256Annotation] = new string('0', 64);
        var foreign = () => ScaffoldResultAssembler.Assemble(other, ByName(otherChunks));
        foreign.Should().Throw<ScaffoldResultException>().WithMessage($"*holds a chunk of archive {new string('0', 64)}*");
    }

    [Fact]
    public void A_status_that_cannot_be_verified_or_points_elsewhere_is_an_error_not_a_guess()
    {
        var (scaffold, _) = Stored("my-app", "uid-1", Archive);
        scaffold.Status.Artifact!.Sha256 = null;
        FluentActions.Invoking(() => ScaffoldResultAssembler.ChunkNames(scaffold)).Should().Throw<ScaffoldResultException>().WithMessage("*records no sha256*");

        scaffold.Status.Artifact = new ScaffoldArtifact { Kind = ArtifactKind.ConfigMap, Names = [], Sha256 = "ab" };
        FluentActions.Invoking(() => ScaffoldResultAssembler.ChunkNames(scaffold)).Should().Throw<ScaffoldResultException>().WithMessage("*lists no ConfigMaps*");

        scaffold.Status.Artifact = new ScaffoldArtifact { Kind = ArtifactKind.ConfigMap, Names = ["a", "b"], Chunks = 3, Sha256 = "ab" };
        FluentActions.Invoking(() => ScaffoldResultAssembler.ChunkNames(scaffold)).Should().Throw<ScaffoldResultException>().WithMessage("*counts 3 chunks but names 2*");

        scaffold.Status.Artifact = new ScaffoldArtifact { Kind = ArtifactKind.S3, Url = "s3://bucket/my-app.tar.gz", Sha256 = "ab" };
        FluentActions.Invoking(() => ScaffoldResultAssembler.ChunkNames(scaffold)).Should().Throw<ScaffoldResultException>()
            .WithMessage("The result of Scaffold 'team-a/my-app' is stored in S3 at s3://bucket/my-app.tar.gz, not in ConfigMaps; read it from there.");
    }

    /// <summary>A Succeeded Scaffold and its chunks as the operator stores them (three or more chunks).</summary>
    private static (Scaffold Scaffold, IReadOnlyList<V1ConfigMap> Chunks) Stored(string name, string uid, byte[] archive)
    {
        var scaffold = new Scaffold { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", Uid = uid } };
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(archive));
        var chunks = ScaffoldResultConfigMapBuilder.Build(scaffold, archive, sha256, chunkSize: Math.Max(1, (archive.Length + 2) / 3));
        scaffold.Status.Phase = ScaffoldPhase.Succeeded;
        scaffold.Status.Artifact = new ScaffoldArtifact
        {
            Kind = ArtifactKind.ConfigMap,
            Names = [.. chunks.Select(c => c.Metadata.Name)],
            Chunks = chunks.Count,
            Sha256 = sha256,
            Size = archive.Length,
        };
        return (scaffold, chunks);
    }

    private static Dictionary<string, V1ConfigMap> ByName(IEnumerable<V1ConfigMap> maps) =>
        maps.GroupBy(m => m.Metadata.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static byte[] TarGz(params (string Path, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return buffer.ToArray();
    }
}
