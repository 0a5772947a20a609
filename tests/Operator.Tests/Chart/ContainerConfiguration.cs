using k8s.Models;
using Microsoft.Extensions.Configuration;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>
/// The configuration an ASP.NET Core program builds from a rendered container: environment variables as
/// <c>AddEnvironmentVariables()</c> reads them (<c>__</c> → <c>:</c>), then <c>--Key=Value</c> args as
/// <c>AddCommandLine(args)</c> does (later sources win, as in <c>WebApplication.CreateBuilder</c>).
/// </summary>
public static class ContainerConfiguration
{
    /// <param name="podNamespace">What the downward API would put in a <c>metadata.namespace</c> field reference.</param>
    /// <param name="secrets">Secrets the kubelet would read a <c>secretKeyRef</c> from (e.g. the ones the chart renders).</param>
    public static IConfigurationRoot Build(V1Container container, string podNamespace, IEnumerable<V1Secret>? secrets = null)
    {
        var known = (secrets ?? []).ToList();
        var environment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = variable.ValueFrom switch
            {
                null => variable.Value ?? "",
                { FieldRef.FieldPath: "metadata.namespace" } => podNamespace,
                { SecretKeyRef: { } reference } => SecretValue(known, reference, variable.Name),
                _ => throw new InvalidOperationException($"{variable.Name}: the test does not know what the cluster would put in this valueFrom."),
            };
        }

        return Build(environment, container);
    }

    private static string SecretValue(List<V1Secret> secrets, V1SecretKeySelector reference, string variable) =>
        secrets.FirstOrDefault(k => k.Metadata.Name == reference.Name)?.Data is { } data && data.TryGetValue(reference.Key, out var bytes)
            ? System.Text.Encoding.UTF8.GetString(bytes)
            : throw new InvalidOperationException($"{variable}: Secret {reference.Name} key {reference.Key} is not among the rendered Secrets ({string.Join(", ", secrets.Select(s => s.Metadata.Name))}).");

    private static IConfigurationRoot Build(Dictionary<string, string?> environment, V1Container container)
    {
        return new ConfigurationBuilder()
            .AddInMemoryCollection(environment)
            .AddCommandLine([.. container.Args ?? []])
            .Build();
    }
}
