using DynamoMcp.Operator.Cluster;

namespace DynamoMcp.Operator.Tests.Cli;

public sealed class ClusterConnectionTests
{
    private static readonly string EmptyHome = Directory.CreateTempSubdirectory("home-").FullName;

    [Fact]
    public void Explicit_kubeconfig_wins_over_the_environment()
    {
        var explicitFile = KubeconfigFiles.Write("https://explicit.example:6443");
        var fromEnvironment = KubeconfigFiles.Write("https://env.example:6443");

        var config = ClusterConnection.Resolve(explicitFile, null, Env(("KUBECONFIG", fromEnvironment)), EmptyHome);

        config.Host.Should().StartWith("https://explicit.example:6443");
    }

    [Fact]
    public void KUBECONFIG_is_used_and_missing_entries_are_skipped()
    {
        var file = KubeconfigFiles.Write("https://env.example:6443");

        var config = ClusterConnection.Resolve(null, null, Env(("KUBECONFIG", $"/nope/config:{file}")), EmptyHome);

        config.Host.Should().StartWith("https://env.example:6443");
    }

    [Fact]
    public void Home_kubeconfig_is_the_last_file_tried()
    {
        var home = Directory.CreateTempSubdirectory("home-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".kube"));
        File.Copy(KubeconfigFiles.Write("https://home.example:6443"), Path.Combine(home, ".kube", "config"));

        var config = ClusterConnection.Resolve(null, null, Env(), home);

        config.Host.Should().StartWith("https://home.example:6443");
    }

    [Fact]
    public void A_named_context_selects_its_cluster()
    {
        var file = KubeconfigFiles.Write("https://one.example", ("two", "https://two.example"));

        ClusterConnection.Resolve(file, "two", Env(), EmptyHome).Host.Should().StartWith("https://two.example");
    }

    [Fact]
    public void An_unknown_context_lists_the_known_ones()
    {
        var file = KubeconfigFiles.Write("https://one.example", ("two", "https://two.example"));

        var act = () => ClusterConnection.Resolve(file, "three", Env(), EmptyHome);

        act.Should().Throw<ClusterConfigurationException>().WithMessage("*'three'*main, two*");
    }

    [Fact]
    public void A_kubeconfig_that_is_not_yaml_is_reported_as_unreadable()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "{{ not: [yaml");

        var act = () => ClusterConnection.Resolve(file, null, Env(), EmptyHome);

        act.Should().Throw<ClusterConfigurationException>().WithMessage($"*{file}*");
    }

    [Fact]
    public void Nothing_configured_is_an_error_not_localhost()
    {
        var act = () => ClusterConnection.Resolve(null, null, Env(), EmptyHome);

        act.Should().Throw<ClusterConfigurationException>().WithMessage("No Kubernetes cluster is configured*--kubeconfig*");
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;
}
