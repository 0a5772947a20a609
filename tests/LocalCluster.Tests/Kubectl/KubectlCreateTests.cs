using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using static DynamoMcp.LocalCluster.Tests.Kubectl.KubectlRunner;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Kubectl;

/// <summary>kubectl's typed create generators, which send protobuf bodies and never fall back to JSON.</summary>
public sealed class KubectlCreateTests
{
    private static async Task<LocalClusterServer> StartAsync()
    {
        Assert.SkipUnless(File.Exists(KubectlPath), "kubectl is not installed at /usr/bin/kubectl");
        return await TestCluster.StartAsync();
    }

    private static string TempDir(LocalClusterServer server)
    {
        var dir = Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, "inputs");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public async Task Create_namespace()
    {
        await using var server = await StartAsync();
        (await OkAsync(server, "create namespace team-a")).Should().Contain("namespace/team-a created");
        var ns = await server.CreateClient().CoreV1.ReadNamespaceAsync("team-a", cancellationToken: Ct);
        ns.Metadata.Name.Should().Be("team-a");
        ns.Metadata.Uid.Should().NotBeNullOrEmpty("the server assigns a uid, which proves it stored the decoded object");
    }

    [Fact]
    public async Task Create_configmap_from_literals_and_a_binary_file()
    {
        await using var server = await StartAsync();
        var binary = new byte[] { 0x00, 0xFF, 0xFE, 0x80, 0x7F, 0x01 };
        var file = Path.Combine(TempDir(server), "blob.bin");
        await File.WriteAllBytesAsync(file, binary, Ct);

        await OkAsync(server, $"create configmap cm1 --from-literal=a=b --from-literal=greeting=héllo --from-file=blob={file}");

        var cm = await server.CreateClient().CoreV1.ReadNamespacedConfigMapAsync("cm1", "default", cancellationToken: Ct);
        cm.Data.Should().BeEquivalentTo(new Dictionary<string, string> { ["a"] = "b", ["greeting"] = "héllo" });
        cm.BinaryData.Should().ContainKey("blob");
        cm.BinaryData["blob"].Should().Equal(binary);
        (await OkAsync(server, "get configmap cm1 -o jsonpath={.data.a}")).Should().Be("b");
    }

    [Fact]
    public async Task Create_generic_secret_keeps_type_and_bytes()
    {
        await using var server = await StartAsync();
        await OkAsync(server, "create secret generic s1 --from-literal=k=v --from-literal=token=s3cr3t --type=example.com/custom");

        var secret = await server.CreateClient().CoreV1.ReadNamespacedSecretAsync("s1", "default", cancellationToken: Ct);
        secret.Type.Should().Be("example.com/custom");
        Encoding.UTF8.GetString(secret.Data["k"]).Should().Be("v");
        Encoding.UTF8.GetString(secret.Data["token"]).Should().Be("s3cr3t");
        (await OkAsync(server, "get secret s1 -o jsonpath={.data.k}")).Should().Be(Convert.ToBase64String("v"u8.ToArray()));
    }

    [Fact]
    public async Task Create_docker_registry_and_tls_secrets()
    {
        await using var server = await StartAsync();
        await OkAsync(server, "create secret docker-registry reg --docker-server=registry.example.com --docker-username=u1 --docker-password=p1");

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=example.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var dir = TempDir(server);
        var certPem = cert.ExportCertificatePem();
        await File.WriteAllTextAsync(Path.Combine(dir, "tls.crt"), certPem, Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "tls.key"), key.ExportPkcs8PrivateKeyPem(), Ct);
        await OkAsync(server, $"create secret tls web --cert={Path.Combine(dir, "tls.crt")} --key={Path.Combine(dir, "tls.key")}");

        var client = server.CreateClient();
        var registry = await client.CoreV1.ReadNamespacedSecretAsync("reg", "default", cancellationToken: Ct);
        registry.Type.Should().Be("kubernetes.io/dockerconfigjson");
        Encoding.UTF8.GetString(registry.Data[".dockerconfigjson"]).Should().Contain("registry.example.com").And.Contain("\"username\":\"u1\"");

        var tls = await client.CoreV1.ReadNamespacedSecretAsync("web", "default", cancellationToken: Ct);
        tls.Type.Should().Be("kubernetes.io/tls");
        Encoding.UTF8.GetString(tls.Data["tls.crt"]).Should().Be(certPem);
        Encoding.UTF8.GetString(tls.Data["tls.key"]).Should().Contain("PRIVATE KEY");
    }

    [Fact]
    public async Task Create_serviceaccount()
    {
        await using var server = await StartAsync();
        (await OkAsync(server, "create serviceaccount sa1 -n default")).Should().Contain("serviceaccount/sa1 created");
        var sa = await server.CreateClient().CoreV1.ReadNamespacedServiceAccountAsync("sa1", "default", cancellationToken: Ct);
        sa.Metadata.Name.Should().Be("sa1");
        sa.Metadata.NamespaceProperty.Should().Be("default");
    }

    [Fact]
    public async Task Create_role_and_rolebinding()
    {
        await using var server = await StartAsync();
        await OkAsync(server, "create role reader --verb=get --verb=list --resource=configmaps --resource-name=cm1");
        await OkAsync(server, "create rolebinding read-it --role=reader --user=alice --serviceaccount=default:sa1 --group=devs");

        var client = server.CreateClient();
        var role = await client.RbacAuthorizationV1.ReadNamespacedRoleAsync("reader", "default", cancellationToken: Ct);
        role.Rules.Should().ContainSingle();
        role.Rules[0].Verbs.Should().Equal("get", "list");
        role.Rules[0].ApiGroups.Should().Equal("");
        role.Rules[0].Resources.Should().Equal("configmaps");
        role.Rules[0].ResourceNames.Should().Equal("cm1");

        var binding = await client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("read-it", "default", cancellationToken: Ct);
        binding.RoleRef.Kind.Should().Be("Role");
        binding.RoleRef.Name.Should().Be("reader");
        binding.RoleRef.ApiGroup.Should().Be("rbac.authorization.k8s.io");
        binding.Subjects.Select(s => $"{s.Kind}:{s.NamespaceProperty}:{s.Name}:{s.ApiGroup}").Should().BeEquivalentTo(
            "User::alice:rbac.authorization.k8s.io", "ServiceAccount:default:sa1:", "Group::devs:rbac.authorization.k8s.io");
    }

    [Fact]
    public async Task Create_clusterroles_and_clusterrolebinding()
    {
        await using var server = await StartAsync();
        await OkAsync(server, "create clusterrole health --verb=get --non-resource-url=/healthz --non-resource-url=/livez");
        await OkAsync(server, "create clusterrole aggregate --aggregation-rule=example.com/aggregate=true");
        await OkAsync(server, "create clusterrolebinding health-for-devs --clusterrole=health --group=devs");

        var client = server.CreateClient();
        var health = await client.RbacAuthorizationV1.ReadClusterRoleAsync("health", cancellationToken: Ct);
        health.Rules.Should().ContainSingle();
        health.Rules[0].Verbs.Should().Equal("get");
        health.Rules[0].NonResourceURLs.Should().Equal("/healthz", "/livez");

        var aggregate = await client.RbacAuthorizationV1.ReadClusterRoleAsync("aggregate", cancellationToken: Ct);
        aggregate.AggregationRule.ClusterRoleSelectors.Should().ContainSingle()
            .Which.MatchLabels.Should().BeEquivalentTo(new Dictionary<string, string> { ["example.com/aggregate"] = "true" });

        var binding = await client.RbacAuthorizationV1.ReadClusterRoleBindingAsync("health-for-devs", cancellationToken: Ct);
        binding.RoleRef.Kind.Should().Be("ClusterRole");
        binding.RoleRef.Name.Should().Be("health");
        binding.Subjects.Should().ContainSingle().Which.Name.Should().Be("devs");
        binding.Subjects[0].Kind.Should().Be("Group");
    }

    [Fact]
    public async Task A_kind_without_a_protobuf_decoder_gets_a_415_naming_the_workaround_and_the_server_keeps_serving()
    {
        await using var server = await StartAsync();
        var (exit, _, error) = await RunAsync(server, "create deployment d --image=nginx");
        exit.Should().NotBe(0);
        error.Should().Contain("Deployment").And.Contain("--dry-run=client -o yaml | kubectl apply -f -");

        (await OkAsync(server, "create namespace still-serving")).Should().Contain("created");
        (await OkAsync(server, "get namespace still-serving -o name")).Trim().Should().Be("namespace/still-serving");
    }
}
