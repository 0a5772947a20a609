namespace DynamoMcp.Operator.Tests.Chart;

[Collection(HelmCollection.Name)]
public sealed class HelmLintTests(HelmFixture helm)
{
    [Theory]
    [InlineData("default values")]
    [InlineData("everything on")]
    public async Task Chart_lints_clean_in_strict_mode(string valueSet)
    {
        List<string> args = ["lint", "--strict", helm.ChartPath];
        if (valueSet == "everything on")
        {
            args.AddRange(["--values", helm.EverythingOnValues]);
        }

        var result = await helm.HelmAsync(args, TestContext.Current.CancellationToken);

        result.Succeeded.Should().BeTrue(result.ToString());
        result.StdOut.Should().Contain("0 chart(s) failed");
    }
}
