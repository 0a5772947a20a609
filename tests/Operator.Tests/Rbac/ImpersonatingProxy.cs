using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Operator.Tests.Rbac;

/// <summary>
/// Forwards every request to the API server with Impersonate-User/-Group headers (kubectl --as), so a client that
/// takes only a host (the operator's KubernetesClientConfiguration) acts as a service account that RBAC judges.
/// Streams responses as they come, so watches and logs pass through; remembers every 403.
/// </summary>
internal sealed class ImpersonatingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly List<string> forbidden = [];
    private readonly TaskCompletionSource<string> firstForbidden = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ImpersonatingProxy(WebApplication app, HttpClient upstream)
    {
        this.app = app;
        this.upstream = upstream;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>Every request the API server refused with 403, as "METHOD path: message".</summary>
    public IReadOnlyList<string> Forbidden
    {
        get
        {
            lock (forbidden)
            {
                return [.. forbidden];
            }
        }
    }

    /// <summary>Completes with the first refused request, so a test can stop waiting for what will never happen.</summary>
    public Task<string> FirstForbidden => firstForbidden.Task;

    public static async Task<ImpersonatingProxy> StartAsync(Uri target, string user, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = target,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var proxy = new ImpersonatingProxy(app, upstream);
        app.Run(context => proxy.ForwardAsync(context, user, groups));
        await app.StartAsync(cancellationToken);
        proxy.Address = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context, string user, IReadOnlyList<string> groups)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), incoming.Path + incoming.QueryString);
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(incoming.Body);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name) || name.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.Add("Impersonate-User", user);
        foreach (var group in groups)
        {
            request.Headers.Add("Impersonate-Group", group);
        }

        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
            var refusal = $"{incoming.Method} {incoming.Path}{incoming.QueryString}: {body}";
            lock (forbidden)
            {
                forbidden.Add(refusal);
            }

            firstForbidden.TrySetResult(refusal);

            await context.Response.WriteAsync(body, context.RequestAborted);
            return;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted); // watch events must not wait for a full buffer
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
