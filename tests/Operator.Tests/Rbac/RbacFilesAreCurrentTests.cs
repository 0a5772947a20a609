using DynamoMcp.Operator.Rbac;

namespace DynamoMcp.Operator.Tests.Rbac;

/// <summary>The checked-in operator roles equal what the RBAC declarations generate. UPDATE_RBAC=1 rewrites them instead.</summary>
public sealed class RbacFilesAreCurrentTests
{
    [Fact]
    public async Task Checked_in_roles_and_chart_rules_match_the_declarations()
    {
        var ct = TestContext.Current.CancellationToken;
        if (Environment.GetEnvironmentVariable("UPDATE_RBAC") == "1")
        {
            await RbacWriter.WriteAsync(RepositoryRoot.Find(), ct);
        }

        foreach (var (relative, content) in RbacWriter.Render())
        {
            var path = Path.Combine(RepositoryRoot.Find(), relative);
            File.Exists(path).Should().BeTrue($"{relative} must exist; run `{RbacWriter.GenerateCommand}` (or UPDATE_RBAC=1 dotnet test)");
            (await File.ReadAllTextAsync(path, ct)).Should().Be(
                content, $"{relative} is stale (the [EntityRbac] declarations changed); run `{RbacWriter.GenerateCommand}`");
        }
    }
}
