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
    public static IConfigurationRoot Build(V1Container container, string podNamespace)
    {
        var environment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = variable.ValueFrom switch
            {
                null => variable.Value ?? "",
                { FieldRef.FieldPath: "metadata.namespace" } => podNamespace,
                _ => throw new InvalidOperationException($"{variable.Name}: the test does not know what the cluster would put in this valueFrom."),
            };
        }

        return new ConfigurationBuilder()
            .AddInMemoryCollection(environment)
            .AddCommandLine([.. container.Args ?? []])
            .Build();
    }
}
