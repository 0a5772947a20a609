using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Generator.Tests.Archives;

/// <summary>
/// Serves archives over http on 127.0.0.1 (the tests have no internet); unknown paths get 404. Kestrel binds port 0
/// itself, so there is no window between choosing a free port and listening on it for a parallel test to take it.
/// </summary>
public sealed class ArchiveServer : IDisposable
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _redirects = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    public ArchiveServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(ServeAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
    }

    public int Port { get; }

    /// <summary>Publishes <paramref name="content"/> at /<paramref name="name"/> and returns its URL.</summary>
    public string Add(string name, byte[] content)
    {
        lock (_files)
        {
            _files["/" + name] = content;
        }

        return $"http://127.0.0.1:{Port}/{name}";
    }

    /// <summary>Answers /<paramref name="name"/> with a 302 to <paramref name="location"/>.</summary>
    public string Redirect(string name, string location)
    {
        lock (_files)
        {
            _redirects["/" + name] = location;
        }

        return $"http://127.0.0.1:{Port}/{name}";
    }

    private async Task ServeAsync(HttpContext context)
    {
        byte[]? content;
        string? location;
        lock (_files)
        {
            _files.TryGetValue(context.Request.Path.Value ?? "", out content);
            _redirects.TryGetValue(context.Request.Path.Value ?? "", out location);
        }

        if (location is not null)
        {
            context.Response.Redirect(location);
        }
        else if (content is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
        else
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = content.Length;
            try
            {
                await context.Response.Body.WriteAsync(content, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The generator may hang up early (a size cap); the next request is served normally.
            }
        }
    }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
