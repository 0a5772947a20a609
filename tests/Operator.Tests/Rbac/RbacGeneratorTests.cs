using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Hosting;
using DynamoMcp.Operator.Rbac;
using DynamoMcp.Runtime.Controllers;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Rbac;

public sealed class RbacGeneratorTests
{
    private static readonly ReconciledEntityRbacAttribute[] StatusWriter =
        [new() { Subresource = "status", Verbs = RbacVerbs.Patch, Reason = "status writer" }];

    private static IReadOnlyList<RbacRule> Rules(
        Type[] types,
        (string, EntityRbacAttribute)[]? assembly = null,
        ReconciledEntityRbacAttribute[]? reconciled = null,
        RbacScope scope = RbacScope.Cluster) =>
        RbacGenerator.Rules(types, assembly ?? [], reconciled ?? [], scope);

    private static string Describe(RbacRule rule) =>
        $"{rule.ApiGroup}/{rule.Resource}{(rule.ResourceNames.Count > 0 ? $"[{string.Join(",", rule.ResourceNames)}]" : "")}: {string.Join(",", rule.Verbs)}";

    [Fact]
    public void Verbs_of_one_resource_are_merged_across_controllers_and_sorted()
    {
        var rules = Rules([typeof(JobCreator), typeof(JobReaper)]);

        rules.Select(Describe).Should().Equal("batch/jobs: create,delete,get,list,watch");
        rules.Single().Declarers.Should().Equal(nameof(JobCreator), nameof(JobReaper));
    }

    [Fact]
    public void Each_reconciled_kind_gets_what_the_runtime_declares_and_its_children_do_not()
    {
        var rules = Rules([typeof(ConfigMapController)], reconciled: StatusWriter);

        rules.Select(Describe).Should().Equal("/configmaps/status: patch", "batch/jobs: create,get");
        rules.Single(r => r.Resource == "configmaps/status").Reasons.Should().Equal("status writer");
    }

    [Fact]
    public void Subresources_resource_names_and_scopes_stay_apart()
    {
        (string, EntityRbacAttribute)[] assembly =
        [
            ("Fixture", new EntityRbacAttribute(typeof(V1Pod)) { Verbs = RbacVerbs.List, Reason = "find pods" }),
            ("Fixture", new EntityRbacAttribute(typeof(V1Pod)) { Subresource = "log", Verbs = RbacVerbs.Get, Reason = "read logs" }),
            ("Fixture", new EntityRbacAttribute(typeof(V1Lease)) { Verbs = RbacVerbs.Create, Scope = RbacScope.OwnNamespace, Reason = "create" }),
            ("Fixture", new EntityRbacAttribute(typeof(V1Lease)) { Verbs = RbacVerbs.Get | RbacVerbs.Update, Scope = RbacScope.OwnNamespace, ResourceNames = ["the-lease"], Reason = "renew" }),
        ];

        Rules([], assembly).Select(Describe).Should().Equal("/pods: list", "/pods/log: get");
        Rules([], assembly, scope: RbacScope.OwnNamespace).Select(Describe).Should().Equal(
            "coordination.k8s.io/leases: create",
            "coordination.k8s.io/leases[the-lease]: get,update");
    }

    [Fact]
    public void Rules_are_sorted_by_group_then_resource_whatever_the_order_of_the_declarations()
    {
        Type[] types = [typeof(NetworkPolicyController), typeof(JobCreator), typeof(ConfigMapController)];

        var rules = Rules(types, reconciled: StatusWriter).Select(Describe).ToList();

        rules.Should().Equal(Rules([.. types.Reverse()], reconciled: StatusWriter).Select(Describe));
        rules.Should().Equal(
            "/configmaps/status: patch",
            "batch/jobs: create,get",
            "networking.k8s.io/networkpolicies: create,delete,get,list,update,watch",
            "networking.k8s.io/networkpolicies/status: patch");
    }

    [Fact]
    public void Limiting_create_to_resource_names_is_refused_naming_the_declaring_class()
    {
        var act = () => Rules([typeof(NamedCreator)]);

        act.Should().Throw<InvalidOperationException>().WithMessage($"*{nameof(NamedCreator)}*create*resourceNames*");
    }

    [Fact]
    public void An_assembly_declaration_must_say_why()
    {
        var act = () => Rules([], [("Fixture", new EntityRbacAttribute(typeof(V1Pod)) { Verbs = RbacVerbs.List })]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*Fixture*Reason*");
    }

    [Fact]
    public void The_operator_holds_no_secrets_no_wildcards_and_no_pod_writes()
    {
        var rules = RbacGenerator.Rules(RbacScope.Cluster);

        rules.Should().NotBeEmpty();
        rules.Should().NotContain(r => r.Resource == "secrets" || r.Resource == "*" || r.ApiGroup == "*" || r.Verbs.Contains("*"));
        rules.Where(r => r.Resource == "pods").SelectMany(r => r.Verbs).Should().NotContain(["create", "update", "patch", "delete"]);
    }

    [Fact]
    public void Every_kind_the_operator_reconciles_has_its_status_and_finalizers_rules()
    {
        var rules = RbacGenerator.Rules(RbacScope.Cluster);

        foreach (var plural in new[] { CookiecutterTemplate.KubePlural, Scaffold.KubePlural })
        {
            rules.Should().ContainSingle(r => r.Resource == $"{plural}/status").Which.Verbs.Should().Contain("patch");
            rules.Should().ContainSingle(r => r.Resource == $"{plural}/finalizers").Which.Verbs.Should().Equal("update");
            rules.Should().ContainSingle(r => r.Resource == plural).Which.Verbs.Should().Contain(["get", "list", "watch"]);
        }
    }

    [Fact]
    public void The_leader_election_rules_name_the_lease_the_operator_takes_in_its_own_namespace()
    {
        var rules = RbacGenerator.Rules(RbacScope.OwnNamespace);

        rules.Select(Describe).Should().Equal(
            "coordination.k8s.io/leases: create",
            $"coordination.k8s.io/leases[{new OperatorRunOptions().LeaderElectionId}]: get,update");
        RbacGenerator.Rules(RbacScope.Cluster).Should().NotContain(r => r.Resource == "leases");
    }

    [Fact]
    public void The_written_roles_are_the_generated_rules_in_kubernetes_yaml()
    {
        var files = RbacWriter.Render();

        var role = KubernetesYaml.Deserialize<V1ClusterRole>(files[RbacWriter.OperatorRole]);
        role.Kind.Should().Be("ClusterRole");
        role.Metadata.Name.Should().Be(RbacWriter.OperatorRoleName);
        role.Rules.Select(Describe).Should().Equal(RbacGenerator.Rules(RbacScope.Cluster).Select(Describe));

        var election = KubernetesYaml.Deserialize<V1Role>(files[RbacWriter.LeaderElectionRole]);
        election.Metadata.NamespaceProperty.Should().Be(RbacWriter.Namespace);
        election.Rules.Select(Describe).Should().Equal(RbacGenerator.Rules(RbacScope.OwnNamespace).Select(Describe));

        KubernetesYaml.Deserialize<List<V1PolicyRule>>(files[RbacWriter.ChartOperatorRules]).Select(Describe)
            .Should().Equal(role.Rules.Select(Describe));
        KubernetesYaml.Deserialize<List<V1PolicyRule>>(files[RbacWriter.ChartLeaderElectionRules]).Select(Describe)
            .Should().Equal(election.Rules.Select(Describe));
        files[RbacWriter.OperatorRole].Should().StartWith($"# GENERATED by `{RbacWriter.GenerateCommand}`");
    }

    private static string Describe(V1PolicyRule rule) =>
        Describe(new RbacRule(rule.ApiGroups.Single(), rule.Resources.Single(), [.. rule.ResourceNames ?? []], [.. rule.Verbs], [], []));

    [EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Get | RbacVerbs.Create)]
    private sealed class JobCreator;

    [EntityRbac(typeof(V1Job), Verbs = RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Delete)]
    private sealed class JobReaper;

    [EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Create, ResourceNames = new[] { "fixed" })]
    private sealed class NamedCreator;

    [EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Get | RbacVerbs.Create)]
    private sealed class ConfigMapController : Reconciler<V1ConfigMap>;

    [EntityRbac(typeof(V1NetworkPolicy), Verbs = RbacVerbs.All & ~RbacVerbs.Patch)]
    private sealed class NetworkPolicyController : Reconciler<V1NetworkPolicy>;

    private abstract class Reconciler<T> : IEntityController<T> where T : IKubernetesObject<V1ObjectMeta>
    {
        public Task<ReconcileResult> ReconcileAsync(T entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);

        public Task<ReconcileResult> DeletedAsync(T entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);
    }
}
