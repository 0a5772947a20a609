using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using DynamoMcp.Operator.Hosting;
using DynamoMcp.Operator.Rbac;
using DynamoMcp.Operator.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Operator.Tests.Rbac;

/// <summary>
/// The generated roles are enough: the operator, acting as its service account with nothing but config/rbac's
/// operator roles bound (LocalCluster evaluates RBAC as apiserver does), inspects a template and renders a Scaffold
/// under leader election, and the API server refuses none of its requests. An access the code makes without an
/// [EntityRbac] declaration fails here.
/// </summary>
public sealed class OperatorUnderGeneratedRbacTests
{
    private const string ServiceAccount = "dynamo-mcp-operator";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_operator_as_its_service_account_renders_a_scaffold_with_no_request_refused()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct, startOperator: false);
        await GrantOperatorRolesAsync(cluster.Client, cluster.RepoRoot);
        await using var proxy = await ImpersonatingProxy.StartAsync(
            new Uri(cluster.Server.ClientConfiguration.Host),
            $"system:serviceaccount:{RbacWriter.Namespace}:{ServiceAccount}",
            ["system:serviceaccounts", $"system:serviceaccounts:{RbacWriter.Namespace}"],
            Ct);

        var options = new OperatorRunOptions
        {
            HttpAddress = "http://127.0.0.1:0",
            Namespaces = [cluster.Namespace],
            LeaderElect = true,
            LeaderElectionNamespace = RbacWriter.Namespace,
            Sandbox = OperatorTestCluster.Sandbox(),
        };
        using var repository = cluster.CreateRepository().WriteSmallTemplate("", "greeting", "hello");
        repository.Commit("rbac");
        await using (await OperatorHost.StartAsync(
            options,
            new KubernetesClientConfiguration { Host = proxy.Address.ToString().TrimEnd('/'), AccessToken = cluster.Server.ClientConfiguration.AccessToken },
            LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider())),
            Ct))
        {
            await cluster.CreateAsync(OperatorTestCluster.Template("rbac", "file://" + repository.Path), Ct);
            var template = await UnlessRefusedAsync(proxy, ct => cluster.WaitForTemplateAsync("rbac", ct));
            template.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());

            await cluster.CreateAsync(OperatorTestCluster.Scaffold("rbac-project", "rbac"), Ct);
            var scaffold = await UnlessRefusedAsync(proxy, ct => cluster.WaitForScaffoldAsync("rbac-project", ct));
            scaffold.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, await cluster.DescribeAsync());

            var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaderElectionId, RbacWriter.Namespace, cancellationToken: Ct);
            lease.Spec.HolderIdentity.Should().NotBeNullOrEmpty("the operator took its Lease through the leader-election Role");
        }

        proxy.Forbidden.Should().BeEmpty("every API request the operator makes must be declared with [EntityRbac]; run `" + RbacWriter.GenerateCommand + "` after adding one");
    }

    /// <summary>What <paramref name="wait"/> returns, unless the API server refuses the operator something first.</summary>
    private static async Task<T> UnlessRefusedAsync<T>(ImpersonatingProxy proxy, Func<CancellationToken, Task<T>> wait)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var waiting = wait(stop.Token);
        if (await Task.WhenAny(waiting, proxy.FirstForbidden) != waiting)
        {
            await stop.CancelAsync();
            Assert.Fail($"The API server refused the operator: {await proxy.FirstForbidden}\nDeclare the access with [EntityRbac] and run `{RbacWriter.GenerateCommand}`.");
        }

        return await waiting;
    }

    /// <summary>The operator's roles and bindings exactly as config/rbac has them (kubectl apply -k would create the same).</summary>
    private static async Task GrantOperatorRolesAsync(Kubernetes admin, string repoRoot)
    {
        string Read(string file) => File.ReadAllText(Path.Combine(repoRoot, "config", "rbac", file));

        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = RbacWriter.Namespace } }, cancellationToken: Ct);
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(KubernetesYaml.Deserialize<V1ClusterRole>(Read("operator_role.yaml")), cancellationToken: Ct);
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(KubernetesYaml.Deserialize<V1ClusterRoleBinding>(Read("operator_role_binding.yaml")), cancellationToken: Ct);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(KubernetesYaml.Deserialize<V1Role>(Read("leader_election_role.yaml")), RbacWriter.Namespace, cancellationToken: Ct);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            KubernetesYaml.Deserialize<V1RoleBinding>(Read("leader_election_role_binding.yaml")), RbacWriter.Namespace, cancellationToken: Ct);
    }
}
