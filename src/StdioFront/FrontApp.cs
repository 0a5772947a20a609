using System.Net;
using DynamoMcp.StdioFront.Http;
using DynamoMcp.StdioFront.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DynamoMcp.StdioFront;

/// <summary>Builds the front's web app from its options: Kestrel on the port, the MCP endpoint, /healthz.</summary>
internal static class FrontApp
{
    public static WebApplication Build(FrontOptions options, TextWriter? childStderr = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Stdout stays clean; everything the front says goes to stderr, with the children's stderr.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.Host is null)
            {
                kestrel.ListenAnyIP(options.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Host), options.Port);
            }
        });

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(provider => new SessionStore(
            options, provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>(), childStderr ?? Console.Error));
        builder.Services.AddSingleton<McpStreamableHttpHandler>();

        var app = builder.Build();
        var handler = app.Services.GetRequiredService<McpStreamableHttpHandler>();
        app.MapPost(options.Path, handler.PostAsync);
        app.MapGet(options.Path, handler.GetAsync);
        app.MapDelete(options.Path, handler.DeleteAsync);
        app.MapGet("/healthz", (RequestDelegate)(context => context.Response.WriteAsync("ok", context.RequestAborted)));

        // Open GET streams end with their sessions, so stopping does not wait for clients to hang up.
        var store = app.Services.GetRequiredService<SessionStore>();
        app.Lifetime.ApplicationStopping.Register(() => _ = store.DisposeAsync().AsTask());
        return app;
    }
}
