using System.Net;
using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Authorization;

public sealed class RbacTests
{
    private static async Task GrantAsync(Kubernetes admin, string ns, V1PolicyRule rule, string user = "alice")
    {
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = "r" }, Rules = [rule] }, ns, cancellationToken: Ct);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "rb" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "r" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = user, ApiGroup = "rbac.authorization.k8s.io" }],
        }, ns, cancellationToken: Ct);
    }

    [Fact]
    public async Task Impersonated_user_without_binding_is_forbidden_with_apiserver_wording()
    {
        await using var server = await StartAsync();
        var alice = server.CreateClient("alice");
        var (code, status) = await FailureOf(() => alice.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Forbidden);
        status.GetProperty("reason").GetString().Should().Be("Forbidden");
        status.GetProperty("message").GetString().Should().Be(
            "configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\"");
    }

    [Fact]
    public async Task Role_binding_allows_listed_verbs_only_in_its_namespace()
    {
        await using var server = await StartAsync();
        var admin = server.CreateClient();
        await GrantAsync(admin, "default", new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get", "list", "create"] });
        var alice = server.CreateClient("alice");

        await alice.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        (await alice.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct)).Items.Should().ContainSingle();
        var (code, status) = await FailureOf(() => alice.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Forbidden);
        status.GetProperty("message").GetString().Should().Be(
            "configmaps \"a\" is forbidden: User \"alice\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        (code, _) = await FailureOf(() => alice.CoreV1.ListNamespacedConfigMapAsync("kube-system", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Subresources_and_resource_names_are_matched_exactly()
    {
        await using var server = await StartAsync();
        var admin = server.CreateClient();
        await GrantAsync(admin, "default", new V1PolicyRule { ApiGroups = ["batch"], Resources = ["jobs/status"], Verbs = ["*"], ResourceNames = ["j1"] });
        var alice = server.CreateClient("alice");

        var (code, status) = await FailureOf(() => alice.BatchV1.ReadNamespacedJobAsync("j1", "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Forbidden, "jobs/status does not grant jobs");
        status.GetProperty("message").GetString().Should().Contain("cannot get resource \"jobs\" in API group \"batch\"");

        (code, _) = await FailureOf(() => alice.BatchV1.ReadNamespacedJobStatusAsync("j1", "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.NotFound, "allowed through RBAC, the job simply does not exist");
        (code, status) = await FailureOf(() => alice.BatchV1.ReadNamespacedJobStatusAsync("j2", "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Forbidden);
        status.GetProperty("message").GetString().Should().Be(
            "jobs.batch \"j2\" is forbidden: User \"alice\" cannot get resource \"jobs/status\" in API group \"batch\" in the namespace \"default\"");
    }

    [Fact]
    public async Task Cluster_role_binding_to_a_group_grants_everywhere()
    {
        await using var server = await StartAsync();
        var admin = server.CreateClient();
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "reader" },
            Rules = [new V1PolicyRule { ApiGroups = ["*"], Resources = ["*"], Verbs = ["get", "list", "watch"] }],
        }, cancellationToken: Ct);
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "readers" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "reader" },
            Subjects = [new Rbacv1Subject { Kind = "Group", Name = "auditors", ApiGroup = "rbac.authorization.k8s.io" }],
        }, cancellationToken: Ct);

        var bob = server.CreateClient("bob", ["auditors"]);
        (await bob.CoreV1.ListNamespaceAsync(cancellationToken: Ct)).Items.Should().Contain(n => n.Metadata.Name == "kube-system");
        var (code, status) = await FailureOf(() => bob.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "x" } }, cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Forbidden);
        status.GetProperty("message").GetString().Should().EndWith("at the cluster scope");
        var (outsider, _) = await FailureOf(() => server.CreateClient("carol").CoreV1.ListNamespaceAsync(cancellationToken: Ct));
        outsider.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Token_is_required_when_configured()
    {
        await using var server = await StartAsync(new LocalClusterOptions { Token = "s3cret" });
        (await server.CreateClient().CoreV1.ListNamespaceAsync(cancellationToken: Ct)).Items.Should().NotBeEmpty();
        var anonymous = new Kubernetes(new KubernetesClientConfiguration { Host = server.BaseUri.ToString() });
        var (code, _) = await FailureOf(() => anonymous.CoreV1.ListNamespaceAsync(cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Unauthorized);
    }
}
