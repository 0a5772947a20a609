namespace DynamoMcp.PackageDocs.Hosting;

/// <summary>The program's own options (<c>--help</c>, <c>--config FILE</c>); everything else is configuration (<c>--Section:Key=value</c>).</summary>
public sealed record PackageDocsCommandLine(bool Help, string? ConfigFile, string[] Rest, string? Error)
{
    public static PackageDocsCommandLine Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var help = false;
        string? config = Environment.GetEnvironmentVariable(PackageDocsServer.EnvironmentPrefix + "CONFIG");
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    break;
                case "--config" when i + 1 < args.Length:
                    config = args[++i];
                    break;
                case "--config":
                    return new(false, null, [], "--config needs a file: --config /etc/package-docs/config.json");
                default:
                    if (args[i].StartsWith("--config=", StringComparison.Ordinal))
                    {
                        config = args[i]["--config=".Length..];
                    }
                    else
                    {
                        rest.Add(args[i]);
                    }

                    break;
            }
        }

        return config is { Length: > 0 } && !File.Exists(config)
            ? new(help, config, [.. rest], $"The config file '{config}' does not exist.")
            : new(help, string.IsNullOrEmpty(config) ? null : config, [.. rest], null);
    }

    public const string Usage = """
        package-docs: an MCP server (Streamable HTTP) and REST API with the versions, release history, compatible versions
        and links of PyPI and npm packages, cached (memory, or Redis), with API keys and hourly limits when run on its own.

        Usage: package-docs [--config FILE] [--urls URL] [--Section:Key=value ...]

          --config FILE   a JSON file of settings (also PACKAGEDOCS_CONFIG); environment variables PACKAGEDOCS_Section__Key
                          and --Section:Key=value arguments override it
          --urls URL      where to listen (default http://0.0.0.0:8080)
          -h, --help      this text

        Endpoints: /mcp (MCP), /api/{pypi|npm}/{name}[/history|/links|/compatible?with=django:5.1&python=3.12],
                   /healthz, /readyz (after the curated packages are warmed), /metrics (Prometheus)

        Settings (defaults in brackets):
          Registries:PyPiBaseUrl [https://pypi.org]   Registries:NpmBaseUrl [https://registry.npmjs.org]   (private mirrors)
          Registries:Timeout [00:00:10]  Registries:MaxAttempts [3]  Registries:InitialBackoff [00:00:00.250]
          Cache:RefreshInterval [06:00:00]  Cache:MaxStaleAge [7.00:00:00]  Cache:MemoryCapacity [10000]
          Cache:Redis:Configuration [none: in memory]  e.g. redis:6379,password=...
          Curated:Packages:0:Ecosystem=pypi  Curated:Packages:0:Name=wagtail  Curated:Packages:0:Description=...
          Curated:ReplaceDefaults [false]  (the built-in set: Django and Vue ecosystems)
          Server:Protect [true]  (API keys and hourly limits; false behind the Dynamo MCP gateway)
          Protection:Pepper  Protection:Keys:0:Hash  Protection:Keys:0:Class [Keyed|OpenSource]  Protection:Keys:0:Owner
          Protection:Limits:Anonymous [100]  Protection:Limits:Keyed [1000]  Protection:Limits:OpenSource [5000]  (per hour)
          Server:McpPath [/mcp]  Server:Stateless [true]
        """;
}
