using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.Tests.Crds;

/// <summary>The checked-in CRDs equal what the C# types generate. UPDATE_CRDS=1 rewrites them instead.</summary>
public sealed class CrdFilesAreCurrentTests
{
    [Fact]
    public async Task Checked_in_crds_match_the_types()
    {
        var ct = TestContext.Current.CancellationToken;
        if (Environment.GetEnvironmentVariable("UPDATE_CRDS") == "1")
        {
            await CrdWriter.WriteAsync(RepositoryRoot.Find(), ct);
        }

        var expected = CrdWriter.Render();
        foreach (var directory in CrdWriter.OutputDirectories)
        {
            var folder = Path.Combine(RepositoryRoot.Find(), directory);
            foreach (var (name, content) in expected)
            {
                var path = Path.Combine(folder, name);
                File.Exists(path).Should().BeTrue($"{directory}/{name} must exist; run `{CrdWriter.GenerateCommand}` (or UPDATE_CRDS=1 dotnet test)");
                (await File.ReadAllTextAsync(path, ct)).Should().Be(content, $"{directory}/{name} is stale; run `{CrdWriter.GenerateCommand}`");
            }

            Directory.GetFiles(folder, WellKnown.Group + "_*.yaml").Select(Path.GetFileName)
                .Should().BeEquivalentTo(expected.Keys, $"{directory} must hold exactly the generated CRDs");
        }
    }
}
