using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>
/// The standalone bridge's repeatable flags <c>--allowed-host</c> and <c>--allowed-origin</c> (<c>--flag value</c> or
/// <c>--flag=value</c>), taken out of the command line before ASP.NET Core reads it (its command line keeps only the
/// last value of a repeated key) and added to <c>Bridge:AllowedHosts</c> / <c>Bridge:AllowedOrigins</c> after the
/// entries other sources (environment, appsettings.json) already hold.
/// </summary>
public sealed record BridgeArguments(IReadOnlyList<string> Remaining, IReadOnlyList<string> AllowedHosts, IReadOnlyList<string> AllowedOrigins)
{
    public const string AllowedHostFlag = "--allowed-host";
    public const string AllowedOriginFlag = "--allowed-origin";

    /// <summary>Throws <see cref="ArgumentException"/> for a flag without a value.</summary>
    public static BridgeArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var remaining = new List<string>();
        var hosts = new List<string>();
        var origins = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var flag = arg.Split('=', 2)[0];
            var target = flag == AllowedHostFlag ? hosts : flag == AllowedOriginFlag ? origins : null;
            if (target is null)
            {
                remaining.Add(arg);
                continue;
            }

            if (arg.Length > flag.Length)
            {
                target.Add(arg[(flag.Length + 1)..]);
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                target.Add(args[++i]);
            }
            else
            {
                throw new ArgumentException(flag == AllowedHostFlag
                    ? $"{flag} needs a host name, e.g. {flag} mcp.example.com."
                    : $"{flag} needs an origin, e.g. {flag} https://console.example.com.");
            }
        }

        return new BridgeArguments(remaining, hosts, origins);
    }

    /// <summary>Appends the flags' entries to the lists <paramref name="configuration"/> already holds.</summary>
    public void AddTo(ConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new Dictionary<string, string?>();
        Append(configuration, settings, $"{BridgeOptions.SectionName}:{nameof(BridgeOptions.AllowedHosts)}", AllowedHosts);
        Append(configuration, settings, $"{BridgeOptions.SectionName}:{nameof(BridgeOptions.AllowedOrigins)}", AllowedOrigins);
        if (settings.Count > 0)
        {
            configuration.AddInMemoryCollection(settings);
        }
    }

    private static void Append(IConfiguration configuration, Dictionary<string, string?> settings, string key, IReadOnlyList<string> values)
    {
        // Indexes after the highest one present, so that no entry of another source is replaced.
        var next = configuration.GetSection(key).GetChildren()
            .Select(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index + 1 : 0)
            .DefaultIfEmpty(0)
            .Max();
        foreach (var value in values)
        {
            settings[$"{key}:{next++.ToString(CultureInfo.InvariantCulture)}"] = value;
        }
    }
}
