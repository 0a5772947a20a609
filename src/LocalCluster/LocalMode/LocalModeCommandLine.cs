using System.CommandLine;
using DynamoMcp.Runtime.DnsRebinding;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>The local mode's command line: start everything, print how to connect, stop cleanly on Ctrl-C.</summary>
public static class LocalModeCommandLine
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Folder for the cluster's state (SQLite database, pod logs, kubeconfig); starting again on it keeps everything.",
            DefaultValueFactory = _ => ".local-data",
        };
        var apiPort = new Option<int>("--port", "--api-port") { Description = "Port of the Kubernetes API server on 127.0.0.1 (0: a free port).", DefaultValueFactory = _ => 0 };
        var mcpPort = new Option<int>("--mcp-port") { Description = "Port of the MCP bridge on 127.0.0.1.", DefaultValueFactory = _ => LocalModeOptions.DefaultMcpPort };
        var token = new Option<string?>("--token") { Description = "Require this bearer token on the API server (written into the kubeconfig)." };
        var apiOnly = new Option<bool>("--api-server-only") { Description = "Serve only the Kubernetes API and the job runner: no operator, no MCP bridge." };
        var templateFolders = new Option<string[]>("--template-folder")
        {
            Description = "A host folder holding template sources (paths or git repositories) that sandboxed inspect/render may read; repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        templateFolders.Validators.Add(r =>
        {
            foreach (var folder in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!Directory.Exists(FromInvocationDirectory(folder)))
                {
                    r.AddError($"--template-folder {folder}: no such folder ({FromInvocationDirectory(folder)}).");
                }
            }
        });
        var samples = new Option<bool>("--samples")
        {
            Description = "Add the sample templates (config/catalog/templates.yaml, public GitHub repositories) to the default namespace; the operator needs network access to inspect them. Templates already there are left as they are.",
        };
        var allowedHosts = new Option<string[]>("--allowed-host")
        {
            Description = "A host name the API server and the MCP bridge also answer to, besides localhost and IP addresses (DNS-rebinding protection refuses other Host headers with 403): e.g. dev.example.test, *.localhost for every subdomain. Repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        var allowedOrigins = new Option<string[]>("--allowed-origin")
        {
            Description = "The origin (scheme://host[:port]) of a web page that may call the API server and the MCP bridge from a browser, besides pages on localhost. Repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        ReportEachProblem(allowedHosts, HostOriginPolicy.HostProblems);
        ReportEachProblem(allowedOrigins, HostOriginPolicy.OriginProblems);
        var noSandbox = new Option<bool>("--no-sandbox") { Description = "Run job pods without bubblewrap. Template code then runs unconfined: only for machines where bubblewrap cannot work." };
        var slots = new Option<int?>("--sandbox-slots")
        {
            Description = $"How many job pods (template inspections and renders) run at once; the others wait, Pending, and their timeouts start only when they run. Default: the number of cores, at least 2 (here {new Jobs.LocalJobRunnerOptions().MaxParallelPods}).",
        };
        var pidsLimit = new Option<int?>("--pod-pids-limit") { Description = "Most processes (threads included) one job container may run at once, like the kubelet's podPidsLimit. Default: 1024." };
        foreach (var count in new[] { slots, pidsLimit })
        {
            count.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int?>() is < 1)
                {
                    r.AddError($"{r.Option.Name} must be at least 1.");
                }
            });
        }

        var resourceControl = new Option<Jobs.Limits.ResourceControlMode>("--resource-limits")
        {
            Description =
                "How job containers are held to their resources.limits (the chart's defaults: cpu 1, memory 512Mi, ephemeral-storage 1Gi; a template's spec.sandbox.resources overrides them). " +
                "auto: cgroup v2 where this process may create child cgroups with the memory and pids controllers (root, or a delegated cgroup: systemd-run --user --scope -p Delegate=yes), else cgroup v1, else rlimits. " +
                "cgroup: cgroups or refuse to start. rlimits: per-process memory (RLIMIT_DATA), processes (RLIMIT_NPROC, not applied to root), a per-file size cap, and the runner's sampling of the container's total memory; cpu only bounded by the deadline. " +
                "none: no limits. In every mode the runner evicts a pod whose volumes exceed its ephemeral-storage limit while it writes. The banner says which is in force.",
            DefaultValueFactory = _ => Jobs.Limits.ResourceControlMode.Auto,
        };
        foreach (var port in new[] { apiPort, mcpPort })
        {
            port.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() is < 0 or > 65535)
                {
                    r.AddError($"{r.Option.Name} must be between 0 and 65535.");
                }
            });
        }

        var imageMaps = new Option<string[]>("--image-map")
        {
            Description = "Run an image as a host program: IMAGE=/host/program[,network] (image name without tag, or a prefix ending in *). " +
                          "The program stands in for the image's entrypoint (container args follow), its folder is bound read-only into the sandbox, " +
                          "',network' gives its pods the host's network. node and python images map to the host's node and python3 already. Repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        imageMaps.Validators.Add(r =>
        {
            foreach (var map in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (LocalSandboxImages.ImageMapProblem(map) is { } problem)
                {
                    r.AddError($"--image-map {map}: {problem}");
                }
            }
        });

        var root = new RootCommand(
            "Dynamo MCP local mode: an embedded Kubernetes-compatible API server, the operator and the MCP bridge in one " +
            "process, with job pods run as local sandboxed processes. Ctrl-C stops it; starting again on the same --data-dir keeps everything.")
        {
            dataDir, apiPort, mcpPort, token, templateFolders, samples, apiOnly, noSandbox, slots, pidsLimit, resourceControl, allowedHosts, allowedOrigins, imageMaps,
        };
        root.SetAction(async (parse, cancellationToken) =>
            await RunAsync(ReadOptions(parse), output, error, cancellationToken).ConfigureAwait(false));
        return root;
    }

    /// <summary>
    /// The options the local mode runs with, read from a parse without errors. Relative paths are made absolute against
    /// the directory the command was run from, once, here: later code (the sandbox binds, the banner) needs absolute ones.
    /// </summary>
    public static LocalModeOptions ReadOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Errors.Count > 0)
        {
            throw new ArgumentException($"The command line has errors: {string.Join("; ", parse.Errors.Select(e => e.Message))}", nameof(parse));
        }

        return new LocalModeOptions
        {
            DataDirectory = FromInvocationDirectory(parse.GetValue<string>("--data-dir")!),
            ApiPort = parse.GetValue<int>("--port"),
            McpPort = parse.GetValue<int>("--mcp-port"),
            Token = parse.GetValue<string?>("--token"),
            ApiServerOnly = parse.GetValue<bool>("--api-server-only"),
            NoSandbox = parse.GetValue<bool>("--no-sandbox"),
            Samples = parse.GetValue<bool>("--samples"),
            SandboxSlots = parse.GetValue<int?>("--sandbox-slots"),
            PodPidsLimit = parse.GetValue<int?>("--pod-pids-limit"),
            ResourceControl = parse.GetValue<Jobs.Limits.ResourceControlMode>("--resource-limits"),
            TemplateFolders = [.. (parse.GetValue<string[]>("--template-folder") ?? []).Select(FromInvocationDirectory)],
            AllowedHosts = parse.GetValue<string[]>("--allowed-host") ?? [],
            AllowedOrigins = parse.GetValue<string[]>("--allowed-origin") ?? [],
            ImageMaps = parse.GetValue<string[]>("--image-map") ?? [],
        };
    }

    private static void ReportEachProblem(Option<string[]> option, Func<IEnumerable<string>?, IReadOnlyList<string>> problems) =>
        option.Validators.Add(r =>
        {
            foreach (var problem in problems(r.GetValueOrDefault<string[]>()))
            {
                r.AddError($"{r.Option.Name} {problem}");
            }
        });

    // The process's working directory is where the user ran the command: LocalCluster.csproj turns off the Web SDK's
    // default of starting `dotnet run` in the project folder (EnableDefaultRunWorkingDirectory), and the SDK passes the
    // original directory on in no other way (no environment variable; PWD is the shell's and not always set).
    private static string FromInvocationDirectory(string path) => Path.GetFullPath(path, Environment.CurrentDirectory);

    private static async Task<int> RunAsync(LocalModeOptions options, TextWriter output, TextWriter error, CancellationToken invocationToken)
    {
        using var signals = new Operator.Cli.ShutdownSignals(invocationToken);
        var cancellationToken = signals.Token;

        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting", LogLevel.Warning));
        if (!options.NoSandbox && !File.Exists(new Jobs.LocalJobRunnerOptions().BubblewrapPath))
        {
            await error.WriteLineAsync("warning: bubblewrap (/usr/bin/bwrap) is missing: job pods would run unconfined. Install it (apt-get install bubblewrap) or pass --no-sandbox to accept that.").ConfigureAwait(false);
            return 2;
        }

        if (!options.ApiServerOnly && !PortIsFree(options.McpPort))
        {
            await error.WriteLineAsync($"error: port {options.McpPort} on 127.0.0.1 is already in use. Is another local mode running? Stop it, or pick another port with --mcp-port.").ConfigureAwait(false);
            return 3;
        }

        LocalModeHost host;
        try
        {
            host = await LocalModeHost.StartAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"error: a port is already in use ({e.Message}). Is another local mode running? Stop it, or pick other ports with --port / --mcp-port.").ConfigureAwait(false);
            return 3;
        }

        await using (host.ConfigureAwait(false))
        {
            await output.WriteLineAsync(Banner(options, host)).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("Stopping…").ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static bool PortIsFree(int port)
    {
        if (port == 0)
        {
            return true;
        }

        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static string Banner(LocalModeOptions options, LocalModeHost host)
    {
        var kubectl = $"kubectl --kubeconfig {host.Cluster.KubeconfigPath}";
        var lines = new List<string>
        {
            "",
            options.ApiServerOnly ? "Dynamo MCP LocalCluster (API server only) is running." : "Dynamo MCP local mode is running.",
            $"  Kubernetes API:  {host.Cluster.BaseUri}",
            $"  kubeconfig:      {host.Cluster.KubeconfigPath}",
            $"  try:             {kubectl} get dynamo",
            $"  data folder:     {options.DataDirectory}",
        };
        if (host.Cluster.LimitEnforcement is { } limits)
        {
            lines.Add($"  sandbox limits:  {limits}");
        }

        if (host.Cluster.ServerNetwork is { } network)
        {
            lines.Add($"  server network:  {network}");
        }

        if (host.SamplesAdded is { } added)
        {
            lines.Add(added.Count == 0
                ? "  samples:         already added earlier (kubectl get cct -n default)"
                : $"  samples:         added {string.Join(", ", added)} to namespace default");
        }

        if (host.McpEndpoint is not null)
        {
            lines.Add($"  MCP endpoint:    {host.McpEndpoint}  (Streamable HTTP)");
            lines.Add($"  legacy SSE:      {host.SseEndpoint}");
            lines.Add($"  MCP servers:     their tools on the endpoint as <server>__<tool>; one server alone at {new Uri(host.McpEndpoint, "/servers/")}<namespace>/<name>/mcp");
            lines.Add("  authentication:  OFF - the bridge listens on 127.0.0.1 only and refuses other callers,");
            lines.Add("                   and requests from web pages of other sites (DNS-rebinding protection).");
            lines.Add("");
            lines.Add("MCP client configuration (Claude Desktop, Cursor, VS Code):");
            lines.Add(McpClientConfiguration.Render(host.McpEndpoint));
        }

        lines.Add("");
        lines.Add("Press Ctrl-C to stop.");
        return string.Join(Environment.NewLine, lines);
    }
}
