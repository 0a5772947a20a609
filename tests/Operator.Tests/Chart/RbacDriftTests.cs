using k8s.Models;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>
/// config/rbac (plain YAML, kubectl apply -k) and the chart's RBAC templates say the same thing.
/// Rendered as release "dynamo-mcp" in "dynamo-mcp-system", the chart's names equal config/rbac's.
/// </summary>
[Collection(HelmCollection.Name)]
public sealed class RbacDriftTests(HelmFixture helm)
{
    private static readonly string[] RbacKinds = ["ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

    private RenderedManifests ConfigRbac() => RenderedManifests.LoadFiles(
        Directory.GetFiles(Path.Combine(helm.RepoRoot, "config", "rbac"), "*.yaml")
            .Where(p => Path.GetFileName(p) != "kustomization.yaml"));

    private Task<RenderedManifests> ChartRbacAsync() => helm.RenderAsync([], TestContext.Current.CancellationToken);

    private static IEnumerable<string> Keys(RenderedManifests manifests) =>
        manifests.Documents.Where(d => RbacKinds.Contains(d.Kind)).Select(d => $"{d.Kind} {d.Namespace}/{d.Name}");

    private static string Describe(V1PolicyRule rule) =>
        $"apiGroups=[{string.Join(",", rule.ApiGroups ?? [])}] resources=[{string.Join(",", rule.Resources ?? [])}] " +
        $"resourceNames=[{string.Join(",", rule.ResourceNames ?? [])}] verbs=[{string.Join(",", rule.Verbs ?? [])}] " +
        $"nonResourceURLs=[{string.Join(",", rule.NonResourceURLs ?? [])}]";

    private static IDictionary<string, string> AggregationLabels(V1ObjectMeta metadata) =>
        (metadata.Labels ?? new Dictionary<string, string>())
            .Where(l => l.Key.StartsWith("rbac.authorization.k8s.io/", StringComparison.Ordinal))
            .ToDictionary(l => l.Key, l => l.Value);

    [Fact]
    public async Task Chart_and_config_define_the_same_rbac_objects()
    {
        var config = ConfigRbac();
        Keys(config).Should().NotBeEmpty("config/rbac must hold the roles");

        Keys(await ChartRbacAsync()).Should().BeEquivalentTo(Keys(config));
    }

    [Fact]
    public async Task Every_role_has_the_same_rules_in_chart_and_config()
    {
        var chart = await ChartRbacAsync();
        var config = ConfigRbac();

        foreach (var kind in new[] { "Role", "ClusterRole" })
        {
            foreach (var expected in config.OfKind(kind))
            {
                var role = expected.As<V1ClusterRole>(); // Role and ClusterRole share metadata and rules
                var rendered = chart.Single<V1ClusterRole>(kind, expected.Name);

                rendered.Rules.Select(Describe).Should().BeEquivalentTo(role.Rules.Select(Describe), $"{expected} drifted");
                AggregationLabels(rendered.Metadata).Should().BeEquivalentTo(AggregationLabels(role.Metadata), $"{expected} aggregation drifted");
            }
        }
    }

    [Fact]
    public async Task Every_binding_grants_the_same_role_to_the_same_subjects()
    {
        var chart = await ChartRbacAsync();

        foreach (var kind in new[] { "RoleBinding", "ClusterRoleBinding" })
        {
            foreach (var expected in ConfigRbac().OfKind(kind))
            {
                var binding = expected.As<V1ClusterRoleBinding>();
                var rendered = chart.Single<V1ClusterRoleBinding>(kind, expected.Name);

                rendered.RoleRef.Should().BeEquivalentTo(binding.RoleRef, $"{expected} roleRef drifted");
                rendered.Subjects.Should().BeEquivalentTo(binding.Subjects, $"{expected} subjects drifted");
            }
        }
    }

    [Fact]
    public async Task Service_accounts_match_including_token_automount()
    {
        var chart = await ChartRbacAsync();

        foreach (var expected in ConfigRbac().OfKind("ServiceAccount"))
        {
            chart.Single<V1ServiceAccount>("ServiceAccount", expected.Name).AutomountServiceAccountToken
                .Should().Be(expected.As<V1ServiceAccount>().AutomountServiceAccountToken);
        }
    }

    [Fact]
    public void Neither_operator_nor_bridge_may_read_secrets_cluster_wide()
    {
        foreach (var role in ConfigRbac().All<V1ClusterRole>("ClusterRole"))
        {
            role.Rules.Should().NotContain(
                r => r.Resources.Contains("secrets") || r.Resources.Contains("*") || r.Verbs.Contains("*"),
                $"{role.Metadata.Name} must not hold wildcards or cluster-wide Secret access");
        }
    }

    [Fact]
    public async Task Bridge_impersonation_is_limited_to_the_configured_identities()
    {
        var manifests = await helm.RenderAsync(["--values", helm.EverythingOnValues], TestContext.Current.CancellationToken);
        var rules = manifests.Single<V1ClusterRole>("ClusterRole", "dynamo-mcp-bridge").Rules
            .Where(r => r.Verbs.Contains("impersonate")).ToList();

        rules.Should().HaveCount(2);
        rules.Single(r => r.Resources.Contains("users")).ResourceNames.Should().BeEquivalentTo(["dynamo-mcp:alice", "dynamo-mcp:ci-bot"]);
        rules.Single(r => r.Resources.Contains("groups")).ResourceNames.Should().BeEquivalentTo(["dynamo-mcp:tenants", "dynamo-mcp:ci"]);
        manifests.Single<V1Role>("Role", "dynamo-mcp-bridge-api-keys").Rules.Single().ResourceNames
            .Should().Equal("mcp-api-keys");
    }
}
