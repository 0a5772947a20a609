using DynamoMcp.PackageDocs.Compatibility;
using DynamoMcp.PackageDocs.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.PackageDocs.Tests.Fakes;

/// <summary>Real clients pointed at a <see cref="FakeRegistry"/>, with backoff short enough not to slow the tests.</summary>
public static class Clients
{
    public static RegistryClientOptions Options(FakeRegistry registry, int maxAttempts = 3, TimeSpan? timeout = null) => new()
    {
        BaseUrl = registry.BaseUrl,
        MaxAttempts = maxAttempts,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(4),
    };

    public static PyPiClient PyPi(FakeRegistry registry, int maxAttempts = 3, TimeSpan? timeout = null) =>
        new(new HttpClient(), Options(registry, maxAttempts, timeout), NullLogger<PyPiClient>.Instance);

    public static NpmClient Npm(FakeRegistry registry, int maxAttempts = 3, TimeSpan? timeout = null) =>
        new(new HttpClient(), Options(registry, maxAttempts, timeout), NullLogger<NpmClient>.Instance);

    public static CompatibilityFinder Finder(FakeRegistry registry) =>
        new(PyPi(registry), Npm(registry), NullLogger<CompatibilityFinder>.Instance);
}
