using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.LocalCluster.Networking;
using DynamoMcp.LocalCluster.Tests.Jobs;
using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Deployments;

/// <summary>
/// Server pods whose image may use the network get slirp4netns' user-mode network: two replicas listen on one port,
/// they reach the host's other addresses, and the host's loopback (the API server, the bridge) is refused.
/// </summary>
public sealed class UserModeNetworkTests
{
    private const string NetworkImage = "dynamo-mcp.test/python-with-network";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Tries the outbound address (argv 2, 3) and the host's loopback (10.0.2.2 is slirp4netns' host; argv 4) and prints both; the server follows.</summary>
    private const string Probe = """
        import socket, sys
        def attempt(host, port):
            s = socket.socket()
            s.settimeout(5)
            try:
                s.connect((host, port))
                return "open"
            except OSError as e:
                return "closed:" + type(e).__name__
            finally:
                s.close()
        print("outbound=" + attempt(sys.argv[2], int(sys.argv[3])), flush=True)
        print("host-loopback=" + attempt("10.0.2.2", int(sys.argv[4])), flush=True)
        print("resolv=" + open("/etc/resolv.conf").read().strip(), flush=True)

        """;

    private static IPAddress? HostAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    [Fact]
    public async Task Replicas_with_network_share_a_port_reach_out_and_cannot_reach_the_hosts_loopback()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap is not installed");
        Assert.SkipUnless(PodNetwork.CanEnterNamespaces, "pod network namespaces need root");
        Assert.SkipUnless(File.Exists("/usr/bin/slirp4netns"), "slirp4netns is not installed (apt-get install slirp4netns)");
        var address = HostAddress();
        Assert.SkipWhen(address is null, "this machine has no non-loopback IPv4 address to reach");
        using var outside = new TcpListener(address!, 0);
        using var loopbackOnly = new TcpListener(IPAddress.Loopback, 0);
        outside.Start();
        loopbackOnly.Start();
        await using var cluster = await JobRunnerCluster.StartAsync(Token, o =>
        {
            o.Images[NetworkImage] = new LocalImage { Entrypoint = ["/usr/bin/python3"], AllowNetwork = true };
            o.ContainerRestartBackoff = TimeSpan.FromMilliseconds(200);
        });
        var server = DeploymentCluster.Server("user-net-" + Guid.NewGuid().ToString("N")[..8]);
        server.Image = NetworkImage;
        server.Command =
        [
            "/usr/bin/python3", "-c", Probe + DeploymentCluster.ServerScript, "8080",
            address!.ToString(), ((IPEndPoint)outside.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ((IPEndPoint)loopbackOnly.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(DeploymentCluster.Deployment("netted", 2, server, "netted"), cluster.Namespace, cancellationToken: Token);
        await cluster.Client.CoreV1.CreateNamespacedServiceAsync(DeploymentCluster.Service("netted", "netted", "http"), cluster.Namespace, cancellationToken: Token);

        var deployment = await DeploymentCluster.WaitForDeploymentAsync(cluster, "netted", d => DeploymentCluster.IsAvailable(d) && d.Status.ReadyReplicas == 2, Token);

        deployment.Status.ReadyReplicas.Should().Be(2, "each replica has a namespace of its own, so both bind port 8080");
        var pods = await DeploymentCluster.PodsAsync(cluster, "netted", Token);
        foreach (var pod in pods)
        {
            var log = await cluster.LogAsync(pod.Name(), "server", Token);
            log.Should().Contain("outbound=open", "slirp4netns routes the pod out to the host's other addresses");
            log.Should().Contain("host-loopback=closed:", "the host's loopback is refused");
            log.Should().Contain("resolv=" + UserModeNetwork.ResolvConf.Trim());
        }

        var endpoint = cluster.Server.ServiceEndpoint(cluster.Namespace, "netted", 80);
        var bodies = await DeploymentCluster.GetManyAsync(endpoint!, 6, Token);
        bodies.Distinct().Should().BeEquivalentTo(pods.Select(p => p.Name()), "the Service reaches both replicas in their namespaces");
    }
}
