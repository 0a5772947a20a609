using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Tests.Fakes;

/// <summary>
/// PyPI's and npm's URL paths on loopback, serving the JSON under Registry/: <c>/pypi/{name}/json</c>,
/// <c>/pypi/{name}/{version}/json</c> and <c>/{name}</c> (a scoped name arrives as <c>@scope%2Fname</c>).
/// Switches make the next requests fail with a status, stall until the client gives up, or answer with garbage.
/// </summary>
public sealed class FakeRegistry : IAsyncDisposable
{
    private static readonly string DataRoot = Path.Combine(AppContext.BaseDirectory, "Registry");
    private readonly WebApplication app;
    private int failures;
    private int failureStatus = 500;
    private int stalls;
    private int garbage;

    private FakeRegistry(WebApplication app, string prefix)
    {
        this.app = app;
        Prefix = prefix;
    }

    /// <summary>The raw request targets, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string Prefix { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeRegistry> StartAsync(string prefix = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var registry = new FakeRegistry(app, prefix.TrimEnd('/'));
        app.Run(registry.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        registry.BaseUrl = new Uri(address + registry.Prefix + "/");
        return registry;
    }

    public void FailNext(int count, int status = 500)
    {
        failureStatus = status;
        Interlocked.Exchange(ref failures, count);
    }

    public void StallNext(int count) => Interlocked.Exchange(ref stalls, count);

    public void GarbageNext(int count) => Interlocked.Exchange(ref garbage, count);

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        Requests.Enqueue(raw);
        if (Take(ref stalls))
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (Take(ref failures))
        {
            context.Response.StatusCode = failureStatus;
            await context.Response.WriteAsync("upstream trouble");
            return;
        }

        if (Take(ref garbage))
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html>maintenance</html>");
            return;
        }

        var file = Resolve(raw);
        if (file is null || !File.Exists(file))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsJsonAsync(new { message = "Not Found" });
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.SendFileAsync(file);
    }

    private string? Resolve(string raw)
    {
        if (!raw.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = raw[(Prefix.Length + 1)..].Split('/');
        if (segments.Any(s => s.Contains("..", StringComparison.Ordinal)))
        {
            return null;
        }

        return segments switch
        {
            ["pypi", var name, "json"] => Path.Combine(DataRoot, "pypi", name + ".json"),
            ["pypi", var name, var version, "json"] => Path.Combine(DataRoot, "pypi", name, Uri.UnescapeDataString(version) + ".json"),
            [var npm] when npm.Length > 0 => Path.Combine(DataRoot, "npm", Uri.UnescapeDataString(npm).TrimStart('@').Replace("/", "__", StringComparison.Ordinal) + ".json"),
            _ => null,
        };
    }

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
