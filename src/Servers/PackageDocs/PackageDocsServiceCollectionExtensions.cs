using DynamoMcp.PackageDocs.Compatibility;
using DynamoMcp.PackageDocs.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.PackageDocs;

/// <summary>Registers the registry clients (named HttpClients) and the compatibility finder for a host.</summary>
public static class PackageDocsServiceCollectionExtensions
{
    public static IServiceCollection AddPackageDocs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PackageDocsRegistryOptions>()
            .Bind(configuration.GetSection(PackageDocsRegistryOptions.Section))
            .Validate(o => Valid(o), "Registries: PyPiBaseUrl and NpmBaseUrl must be absolute http(s) URLs, MaxAttempts ≥ 1 and Timeout > 0.")
            .ValidateOnStart();
        services.AddHttpClient(nameof(PyPiClient));
        services.AddHttpClient(nameof(NpmClient));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PackageDocsRegistryOptions>>().Value;
            return new PyPiClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PyPiClient)),
                o.For(o.PyPiBaseUrl, nameof(o.PyPiBaseUrl)),
                sp.GetRequiredService<ILogger<PyPiClient>>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PackageDocsRegistryOptions>>().Value;
            return new NpmClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(NpmClient)),
                o.For(o.NpmBaseUrl, nameof(o.NpmBaseUrl)),
                sp.GetRequiredService<ILogger<NpmClient>>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<CompatibilityFinder>();
        return services;
    }

    private static bool Valid(PackageDocsRegistryOptions o)
    {
        try
        {
            o.For(o.PyPiBaseUrl, nameof(o.PyPiBaseUrl)).Validate();
            o.For(o.NpmBaseUrl, nameof(o.NpmBaseUrl)).Validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
