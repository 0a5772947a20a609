using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DynamoMcp.LocalCluster.Jobs;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Networking;

/// <summary>
/// kube-proxy for LocalCluster: each port of each Service with a selector is served on a host loopback port, and every
/// TCP connection to it goes to one ready pod the selector matches (round-robin per connection), to the targetPort
/// inside that pod's own network namespace (<see cref="PodNetwork"/>). The address is written on the Service as the
/// annotations <see cref="AddressAnnotation"/> (its first port) and <see cref="AddressesAnnotation"/> (every port), and
/// is returned by <see cref="Endpoint"/>; a Service keeps its host port across restarts while the port is free.
/// </summary>
/// <remarks>
/// No ClusterIP, no DNS: <c>&lt;service&gt;.&lt;namespace&gt;.svc</c> does not resolve on the host; clients in local mode
/// ask for the address (see <see cref="LocalClusterServer.ServiceEndpoint"/>). A connection while no pod is ready is
/// closed at once (like a Service without endpoints). UDP, sessionAffinity and NetworkPolicy are not modelled.
/// </remarks>
internal sealed class LocalServiceProxy(IKubernetes client, LocalPodEndpoints endpoints, LocalJobRunnerOptions options, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    /// <summary>Host address of the Service's first port: <c>127.0.0.1:&lt;hostPort&gt;</c>.</summary>
    public const string AddressAnnotation = "dynamo-mcp.io/local-address";

    /// <summary>Host addresses of all its TCP ports: <c>&lt;servicePort&gt;=127.0.0.1:&lt;hostPort&gt;</c>, comma-separated, in spec order.</summary>
    public const string AddressesAnnotation = "dynamo-mcp.io/local-addresses";

    private readonly ILogger logger = loggerFactory.CreateLogger<LocalServiceProxy>();
    private readonly ConcurrentDictionary<string, ServiceProxy> services = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private CancellationTokenSource? stopping;
    private Task? watch;

    /// <summary>http://127.0.0.1:&lt;hostPort&gt;/ serving <paramref name="port"/> of Service <paramref name="ns"/>/<paramref name="name"/>, or null when it has none (yet).</summary>
    public Uri? Endpoint(string ns, string name, int port) =>
        services.TryGetValue(ns + "/" + name, out var proxy) && proxy.Listeners.FirstOrDefault(l => l.ServicePort.Port == port) is { } listener
            ? new Uri($"http://127.0.0.1:{listener.HostPort}/")
            : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stopping.Token;
        var timeoutSeconds = (int)options.WatchTimeout.TotalSeconds;
        var serviceWatch = new ResourceWatch<V1Service, V1ServiceList>(
            "services",
            ct => client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct),
            (rv, ct) => client.CoreV1.ListServiceForAllNamespacesWithHttpMessagesAsync(
                watch: true, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds, cancellationToken: ct),
            async list =>
            {
                var present = list.Select(Key).ToHashSet(StringComparer.Ordinal);
                foreach (var gone in services.Keys.Where(k => !present.Contains(k)).ToList())
                {
                    Remove(gone);
                }

                foreach (var service in list)
                {
                    await OnServiceAsync(service, token).ConfigureAwait(false);
                }
            },
            async (type, service) =>
            {
                if (type == WatchEventType.Deleted)
                {
                    Remove(Key(service));
                }
                else
                {
                    await OnServiceAsync(service, token).ConfigureAwait(false);
                }
            },
            logger);
        watch = Task.Run(() => serviceWatch.RunAsync(token), token);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping is not null)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            try
            {
                await (watch ?? Task.CompletedTask).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            stopping.Dispose();
        }

        foreach (var key in services.Keys.ToList())
        {
            Remove(key);
        }

        gate.Dispose();
    }

    private static string Key(V1Service s) => s.Namespace() + "/" + s.Name();

    private void Remove(string key)
    {
        if (services.TryRemove(key, out var proxy))
        {
            proxy.Dispose();
        }
    }

    private async Task OnServiceAsync(V1Service service, CancellationToken cancellationToken)
    {
        var key = Key(service);
        var ports = (service.Spec?.Ports ?? []).Where(p => p.Protocol is null or "TCP").ToList();
        if (service.Metadata.DeletionTimestamp is not null || service.Spec?.Type == "ExternalName" || service.Spec?.Selector is not { Count: > 0 } || ports.Count == 0)
        {
            Remove(key);
            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shape = string.Join(",", ports.Select(p => $"{p.Port}>{p.TargetPort?.Value}"));
            if (!services.TryGetValue(key, out var proxy) || proxy.Uid != service.Uid() || proxy.Shape != shape)
            {
                Remove(key);
                var previous = ParseAddresses(service.GetAnnotation(AddressesAnnotation));
                proxy = new ServiceProxy(service.Uid(), shape, [.. ports.Select(p => Listen(service, p, previous.GetValueOrDefault(p.Port)))]);
                services[key] = proxy;
                foreach (var listener in proxy.Listeners)
                {
                    _ = Task.Run(() => AcceptAsync(proxy, listener), CancellationToken.None);
                }

                logger.LogInformation("Service {Service} is served on {Addresses}", key, proxy.Addresses);
            }

            proxy.Service = service;
            if (service.GetAnnotation(AddressesAnnotation) != proxy.Addresses || service.GetAnnotation(AddressAnnotation) != $"127.0.0.1:{proxy.Listeners[0].HostPort}")
            {
                var patch = new V1Patch(
                    KubernetesJson.Serialize(new Dictionary<string, object>
                    {
                        ["metadata"] = new Dictionary<string, object>
                        {
                            ["annotations"] = new Dictionary<string, string>
                            {
                                [AddressAnnotation] = $"127.0.0.1:{proxy.Listeners[0].HostPort}",
                                [AddressesAnnotation] = proxy.Addresses,
                            },
                        },
                    }),
                    V1Patch.PatchType.MergePatch);
                try
                {
                    await client.CoreV1.PatchNamespacedServiceAsync(patch, service.Name(), service.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private Listener Listen(V1Service service, V1ServicePort port, int preferred)
    {
        TcpListener? socket = null;
        if (preferred > 0)
        {
            try
            {
                socket = new TcpListener(IPAddress.Loopback, preferred);
                socket.Start();
            }
            catch (SocketException)
            {
                socket = null;
            }
        }

        if (socket is null)
        {
            socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
        }

        logger.LogDebug("Service {Namespace}/{Service} port {Port} listens on {Address}", service.Namespace(), service.Name(), port.Port, socket.LocalEndpoint);
        return new Listener(port, socket);
    }

    private async Task AcceptAsync(ServiceProxy proxy, Listener listener)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listener.Socket.AcceptSocketAsync(proxy.Closing.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(proxy, listener.ServicePort, accepted), CancellationToken.None);
        }
    }

    private async Task RelayAsync(ServiceProxy proxy, V1ServicePort port, Socket accepted)
    {
        using (accepted)
        {
            var service = proxy.Service!;
            var ready = endpoints.Ready(service.Namespace(), service.Spec.Selector);
            if (ready.Count == 0)
            {
                logger.LogDebug("Service {Namespace}/{Service} has no ready pod; connection closed", service.Namespace(), service.Name());
                return;
            }

            var pod = ready[(int)((uint)Interlocked.Increment(ref proxy.Next) % (uint)ready.Count)];
            Socket upstream;
            try
            {
                var container = pod.Spec.Containers.FirstOrDefault(c => c.Ports?.Any(p => p.Name == port.TargetPort?.Value) == true) ?? pod.Spec.Containers[0];
                var target = port.TargetPort is null ? port.Port : ContainerProbe.ResolvePort(port.TargetPort, container);
                upstream = await PodNetwork.ConnectAsync(pod.UsesHostNetwork ? null : pod.NetworkNamespacePid, target, proxy.Closing.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidOperationException or OperationCanceledException)
            {
                logger.LogDebug(e, "Service {Namespace}/{Service}: pod {Pod} refused the connection", service.Namespace(), service.Name(), pod.Name);
                return;
            }

            using (upstream)
            {
                await using var client = new NetworkStream(accepted, ownsSocket: false);
                await using var server = new NetworkStream(upstream, ownsSocket: false);
                async Task Pipe(NetworkStream from, Socket fromSocket, NetworkStream to, Socket toSocket)
                {
                    try
                    {
                        await from.CopyToAsync(to, proxy.Closing.Token).ConfigureAwait(false);
                        toSocket.Shutdown(SocketShutdown.Send);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        fromSocket.Close(0);
                        toSocket.Close(0);
                    }
                }

                await Task.WhenAll(Pipe(client, accepted, server, upstream), Pipe(server, upstream, client, accepted)).ConfigureAwait(false);
            }
        }
    }

    private static Dictionary<int, int> ParseAddresses(string? value)
    {
        var result = new Dictionary<int, int>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (servicePort, address) = (part.Split('=')[0], part.Split('=').ElementAtOrDefault(1) ?? "");
            if (int.TryParse(servicePort, CultureInfo.InvariantCulture, out var p)
                && int.TryParse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture, out var h))
            {
                result[p] = h;
            }
        }

        return result;
    }

    private sealed record Listener(V1ServicePort ServicePort, TcpListener Socket)
    {
        public int HostPort => ((IPEndPoint)Socket.LocalEndpoint).Port;
    }

    private sealed class ServiceProxy(string uid, string shape, IReadOnlyList<Listener> listeners) : IDisposable
    {
        public int Next;

        public string Uid { get; } = uid;

        public string Shape { get; } = shape;

        public IReadOnlyList<Listener> Listeners { get; } = listeners;

        public CancellationTokenSource Closing { get; } = new();

        public V1Service? Service { get; set; }

        public string Addresses => string.Join(",", Listeners.Select(l => $"{l.ServicePort.Port}=127.0.0.1:{l.HostPort}"));

        public void Dispose()
        {
            Closing.Cancel();
            foreach (var listener in Listeners)
            {
                listener.Socket.Stop();
            }

            // Closing is not disposed: relays still running read its token.
        }
    }
}
