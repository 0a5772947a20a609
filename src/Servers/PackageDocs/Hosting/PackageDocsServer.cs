using DynamoMcp.PackageDocs.Api;
using DynamoMcp.PackageDocs.Answers;
using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Curation;
using DynamoMcp.PackageDocs.Protection;
using DynamoMcp.PackageDocs.Resources;
using DynamoMcp.PackageDocs.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using StackExchange.Redis;

namespace DynamoMcp.PackageDocs.Hosting;

/// <summary>
/// The package-docs server: MCP (Streamable HTTP) at <c>/mcp</c>, the REST API at <c>/api</c>, <c>/healthz</c>,
/// <c>/readyz</c> (after the curated set's warm-up) and <c>/metrics</c> (Prometheus), configured from a <c>--config</c>
/// JSON file, <c>PACKAGEDOCS_</c> environment variables and the command line, in that order of precedence.
/// </summary>
public static class PackageDocsServer
{
    public const string EnvironmentPrefix = "PACKAGEDOCS_";
    public const string DefaultUrl = "http://0.0.0.0:8080";

    /// <summary>A builder with the server's configuration sources; <paramref name="configFile"/> is the <c>--config</c> file, if any.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string? configFile)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = "package-docs" });
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // A request log line per MCP call drowns the server's own messages; set Logging:LogLevel:Microsoft.AspNetCore to see them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        AddServices(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>Every service the server runs on, from <paramref name="configuration"/>; throws naming a setting that is wrong.</summary>
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var server = configuration.GetSection(PackageDocsServerOptions.Section).Get<PackageDocsServerOptions>() ?? new();
        var curatedOptions = configuration.GetSection(CuratedPackagesOptions.Section).Get<CuratedPackagesOptions>() ?? new();
        var cacheOptions = configuration.GetSection(AnswerCacheOptions.Section).Get<AnswerCacheOptions>() ?? new();
        var redis = configuration.GetSection(RedisAnswerStoreOptions.Section).Get<RedisAnswerStoreOptions>() ?? new();
        var protection = configuration.GetSection(ProtectionOptions.Section).Get<ProtectionOptions>() ?? new();
        services.AddSingleton(server);
        services.AddSingleton(curatedOptions);
        services.AddSingleton(new CuratedSet(curatedOptions));
        services.AddPackageDocs(configuration);
        services.AddAnswerCache(cacheOptions, redis);
        services.AddSingleton<PackageDocsAnswers>();
        services.AddSingleton<WarmupState>();
        services.AddHostedService<WarmupService>();
        if (server.Protect)
        {
            if (redis.Configuration.Length > 0)
            {
                // Counters shared by the replicas, on the answer cache's Redis connection.
                services.TryAddSingleton<IRateLimitCounter>(sp => new RedisRateLimitCounter(
                    sp.GetRequiredService<IConnectionMultiplexer>(),
                    sp.GetRequiredService<ProtectionOptions>(),
                    sp.GetRequiredService<MemoryRateLimitCounter>(),
                    sp.GetRequiredService<ILogger<RedisRateLimitCounter>>()));
            }

            services.AddApiKeyProtection(protection);
        }

        services.AddMcpServer(o =>
            {
                o.ServerInfo = new() { Name = "package-docs", Title = "Package versions and docs (PyPI, npm)", Version = Version };
                o.ServerInstructions =
                    "Answers which versions of PyPI and npm packages exist and fit together, from the registries' own metadata: "
                    + "get_package_versions, get_release_history, find_compatible_versions (e.g. the newest djangorestframework for Django 5.1 on Python 3.12), get_package_links. "
                    + "Answers are cached for hours; one marked stale is the last known answer while the registry cannot be reached.";
            })
            .WithHttpTransport(o => o.Stateless = server.Stateless)
            .WithTools<PackageDocsTools>()
            .WithListResourcesHandler(PackageResources.ListAsync)
            .WithListResourceTemplatesHandler(PackageResources.ListTemplatesAsync)
            .WithReadResourceHandler(PackageResources.ReadAsync);
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(AnswerCacheMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting")
            .AddPrometheusExporter());
    }

    /// <summary>The pipeline: probes and metrics first (never limited), then the protection when on, then MCP and the API.</summary>
    public static WebApplication Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var server = app.Services.GetRequiredService<PackageDocsServerOptions>();
        if (server.Protect)
        {
            app.UseApiKeyProtection();
        }

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (WarmupState warmup) => warmup.Report is { } report
            ? Results.Text(report.Failed == 0
                ? $"ready: {report.Warmed} curated packages warmed"
                : $"ready: {report.Warmed} curated packages warmed, {report.Failed} not ({string.Join("; ", report.Failures.Take(3).Select(f => $"{f.Key}: {f.Value}"))})")
            : Results.Text("warming up the curated packages", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapMcp(server.McpPath);
        app.MapPackageDocsApi();
        return app;
    }

    public static string Version { get; } =
        typeof(PackageDocsServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
