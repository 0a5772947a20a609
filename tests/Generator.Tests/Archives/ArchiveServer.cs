using System.Net;
using System.Net.Sockets;

namespace DynamoMcp.Generator.Tests.Archives;

/// <summary>Serves archives over http on 127.0.0.1 (the tests have no internet); unknown paths get 404.</summary>
public sealed class ArchiveServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _redirects = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public ArchiveServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
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

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            byte[]? content;
            string? location;
            lock (_files)
            {
                _files.TryGetValue(context.Request.Url!.AbsolutePath, out content);
                _redirects.TryGetValue(context.Request.Url!.AbsolutePath, out location);
            }

            try
            {
                if (location is not null)
                {
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = location;
                }
                else if (content is null)
                {
                    context.Response.StatusCode = 404;
                }
                else
                {
                    context.Response.ContentType = "application/octet-stream";
                    context.Response.ContentLength64 = content.Length;
                    await context.Response.OutputStream.WriteAsync(content);
                }

                context.Response.Close();
            }
            catch (Exception error) when (error is HttpListenerException or IOException)
            {
                // The generator may hang up early (a size cap); the next request is served normally.
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }
}
