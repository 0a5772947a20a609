using System.Diagnostics;
using DynamoMcp.McpBridge.Hosting;
using Microsoft.Extensions.Configuration;

namespace DynamoMcp.McpBridge.Tests.Cli;

public sealed class BridgeUsageTests
{
    [Fact]
    public async Task Help_lists_every_setting_and_exits_without_looking_for_a_cluster()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "DynamoMcp.McpBridge.dll"), "--help"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KUBECONFIG"] = "/nonexistent/kubeconfig";
        start.Environment["KUBERNETES_SERVICE_HOST"] = null;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0, await error);
        var text = await output;
        text.Should().Contain("Usage:").And.Contain("--kubeconfig");
        foreach (var (key, description, _) in BridgeUsage.Settings())
        {
            text.Should().Contain(key).And.Contain(description);
        }

        text.Should().Contain("Bridge:ToolDeadline").And.Contain("[default: 00:02:00]");
    }

    [Fact]
    public void Every_setting_the_help_names_binds_to_the_options()
    {
        var settings = BridgeUsage.Settings();
        settings.Should().Contain(s => s.Key == "Bridge:Auth:Jwt:Audience").And.Contain(s => s.Key == "Bridge:RateLimit:TokenLimit");

        // Bind a changed value for every scalar key and check that it arrived, so no key in the help is a typo.
        var values = settings.Where(s => !IsList(s.Key)).ToDictionary(s => s.Key, s => (string?)Changed(s.Key, s.Default));
        var bound = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(BridgeOptions.SectionName).Get<BridgeOptions>()!;
        foreach (var (key, value) in values)
        {
            Read(bound, key).Should().Be(value, $"{key} should bind");
        }
    }

    [Fact]
    public void List_settings_bind_from_indexed_keys()
    {
        var lists = BridgeUsage.Settings().Where(s => IsList(s.Key)).Select(s => s.Key).ToList();
        lists.Should().Contain(["Bridge:AllowedHosts", "Bridge:AllowedOrigins", "Bridge:Auth:AuthorizationServers"]);

        var bound = new ConfigurationBuilder()
            .AddInMemoryCollection(lists.ToDictionary(k => k + ":0", k => (string?)(k.EndsWith("Hosts", StringComparison.Ordinal) ? "mcp.example.com" : "https://example.com/")))
            .Build().GetSection(BridgeOptions.SectionName).Get<BridgeOptions>()!;

        bound.AllowedHosts.Should().Equal("mcp.example.com");
        bound.AllowedOrigins.Should().Equal("https://example.com/");
        bound.Auth.AuthorizationServers.Should().Equal(new Uri("https://example.com/"));
    }

    private static bool IsList(string key) =>
        Property(key).PropertyType is var type && type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static System.Reflection.PropertyInfo Property(string key)
    {
        var type = typeof(BridgeOptions);
        System.Reflection.PropertyInfo? property = null;
        foreach (var part in key.Split(':').Skip(1))
        {
            property = type.GetProperty(part)!;
            type = property.PropertyType;
        }

        return property!;
    }

    private static string Changed(string key, string fallback) => fallback switch
    {
        "true" => "false",
        "StatefulForInitializeClients" => "Stateless",
        "false" => "true",
        _ when int.TryParse(fallback, out _) => "7",
        _ when TimeSpan.TryParse(fallback, System.Globalization.CultureInfo.InvariantCulture, out _) => "00:00:07",
        _ when key.EndsWith("Authority", StringComparison.Ordinal) || key.EndsWith("ResourceUri", StringComparison.Ordinal) => "https://example.com/",
        _ => "changed-" + key.Split(':')[^1].ToLowerInvariant(),
    };

    private static string? Read(object options, string key)
    {
        object? value = options;
        foreach (var part in key.Split(':').Skip(1))
        {
            value = value!.GetType().GetProperty(part)!.GetValue(value);
        }

        return value switch
        {
            bool b => b ? "true" : "false",
            TimeSpan t => t.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            _ => value?.ToString(),
        };
    }
}
