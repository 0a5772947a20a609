using DynamoMcp.LocalCluster.Jobs;

namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>
/// Images that cannot be pulled here, mapped to local programs: the generator image becomes its entrypoint
/// (copied beside this executable from images/generator) run by the host's /usr/bin/python3, which has
/// Debian's cookiecutter; MCP server images (node, python) become the host's interpreters; <c>--image-map</c> adds more.
/// </summary>
public static class LocalSandboxImages
{
    public static string GeneratorDirectory => Path.Combine(AppContext.BaseDirectory, "generator");

    /// <summary>The containers of sandbox pods that need the network: inspect (and fetch) reach the template source, deliver the git or S3 output; render runs without it.</summary>
    public static IReadOnlySet<string> NetworkContainers { get; } = new HashSet<string>(StringComparer.Ordinal) { "fetch", "inspect", Operator.Scaffolds.ScaffoldRenderJobBuilder.DeliverContainerName };

    public static LocalJobRunnerOptions JobRunnerOptions(LocalModeOptions options)
    {
        var runner = new LocalJobRunnerOptions
        {
            UseSandbox = !options.NoSandbox,
            VolumeRoot = Path.Combine(options.DataDirectory, "volumes"),
            ResourceControl = options.ResourceControl,
        };
        runner.MaxParallelPods = options.SandboxSlots ?? runner.MaxParallelPods;
        runner.PodPidsLimit = options.PodPidsLimit ?? runner.PodPidsLimit;
        AddGenerator(runner, new Operator.Sandbox.SandboxOptions().Image, GeneratorDirectory, [.. options.TemplateFolders]);
        AddServerImages(runner);
        AddStdioFront(runner, new Operator.McpServers.McpServerOptions().StdioFrontImage, Path.Combine(options.DataDirectory, "stdio-front"));
        AddAgentRuntime(runner, new Operator.Agents.AgentOptions().RuntimeImage);
        foreach (var map in options.ImageMaps)
        {
            AddImageMap(runner, map);
        }

        return runner;
    }

    /// <summary>
    /// MCP server images run by the host's interpreters: <c>node:*</c> the host's node (npx and npm beside it), with the
    /// network so that <c>npx -y package</c> can download, its npm cache in HOME (give HOME an emptyDir under a read-only
    /// root); <c>python:*</c> the host's python3, without network. Only what the host has installed is there: the image's
    /// tag (node:22, python:3.12) does not choose a version.
    /// </summary>
    public static void AddServerImages(LocalJobRunnerOptions runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        runner.Images.TryAdd("node", new LocalImage
        {
            Entrypoint = ["node"],
            AllowNetwork = true,
            Environment = new Dictionary<string, string>
            {
                // The host's CA store (/etc/ssl, bound into the sandbox) rather than node's bundled one: a proxy's CA the host trusts works too.
                ["NODE_OPTIONS"] = "--use-openssl-ca",
                ["NPM_CONFIG_UPDATE_NOTIFIER"] = "false",
                ["NPM_CONFIG_FUND"] = "false",
            },
        });
        runner.Images.TryAdd("python", new LocalImage { Entrypoint = ["python3"] });
    }

    /// <summary>Where the stdio front's program is inside every container: the launcher's <c>dotnet</c> runs it from here.</summary>
    public const string StdioFrontInside = "/opt/dynamo-mcp/stdio-front";

    /// <summary>
    /// Maps the stdio front's image (<paramref name="image"/>; in a cluster a native binary at <c>/stdio-front</c>, which
    /// the McpServer's init container installs into the pod with <c>/stdio-front --install DIR</c>) to a launcher written into <paramref name="launcherDirectory"/>:
    /// a shell script that copies itself for <c>--install</c> and otherwise runs this build's stdio-front.dll on the host's .NET, so the copy works in any server image.
    /// The program's files (and the .NET root when it is outside /usr) are bound read-only into every container, at
    /// <see cref="StdioFrontInside"/>. Only with the sandbox: without it there is no image file system to copy from.
    /// </summary>
    public static void AddStdioFront(LocalJobRunnerOptions runner, string image, string launcherDirectory)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var program = Path.Combine(AppContext.BaseDirectory, "stdio-front.dll");
        string[] files = [program, Path.ChangeExtension(program, ".runtimeconfig.json"), Path.ChangeExtension(program, ".deps.json")];
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            throw new FileNotFoundException($"The stdio front's {Path.GetFileName(missing)} is not beside this program ({AppContext.BaseDirectory}); rebuild src/LocalCluster, which references src/StdioFront.", missing);
        }

        foreach (var file in files)
        {
            runner.SharedReadOnlyBinds[file] = StdioFrontInside + "/" + Path.GetFileName(file);
        }

        // shared/Microsoft.NETCore.App/<version>/ → the root that holds the dotnet host and the ASP.NET Core framework.
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        if (!root.StartsWith("/usr/", StringComparison.Ordinal))
        {
            runner.SharedReadOnlyBinds[root] = root;
        }

        Directory.CreateDirectory(launcherDirectory);
        var launcher = Path.Combine(launcherDirectory, "stdio-front");
        File.WriteAllText(launcher, StdioFrontLauncher(Path.Combine(root, "dotnet")));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(launcher, (UnixFileMode)0x1ED); // rwxr-xr-x: cp keeps the mode, and any uid may run it
        }

        runner.Images[LocalImageCatalog.Normalize(image)] = new LocalImage
        {
            Entrypoint = ["/stdio-front"],
            ReadOnlyBinds = new Dictionary<string, string> { [launcher] = "/stdio-front" },
        };
    }

    /// <summary>Where the agent runtime's files are inside an agent's container.</summary>
    public const string AgentRuntimeInside = "/opt/dynamo-mcp/agent";

    /// <summary>
    /// Maps the agent runtime's image to this build's <c>dynamo-agent.dll</c> (beside this executable: LocalCluster
    /// references src/AgentRuntime) run by the host's .NET, with the host's network: an agent calls its model endpoint
    /// and the bridge, both on loopback here. This build's folder is bound read-only at <see cref="AgentRuntimeInside"/>.
    /// </summary>
    public static void AddAgentRuntime(LocalJobRunnerOptions runner, string image)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var program = Path.Combine(AppContext.BaseDirectory, "dynamo-agent.dll");
        if (!File.Exists(program))
        {
            throw new FileNotFoundException($"The agent runtime (dynamo-agent.dll) is not beside this program ({AppContext.BaseDirectory}); rebuild src/LocalCluster, which references src/AgentRuntime.", program);
        }

        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var binds = new Dictionary<string, string> { [AppContext.BaseDirectory.TrimEnd('/')] = AgentRuntimeInside };
        if (!root.StartsWith("/usr/", StringComparison.Ordinal))
        {
            binds[root] = root;
        }

        runner.Images[LocalImageCatalog.Normalize(image)] = new LocalImage
        {
            Entrypoint = [Path.Combine(root, "dotnet"), AgentRuntimeInside + "/dynamo-agent.dll"],
            AllowNetwork = true,
            ReadOnlyBinds = binds,
            Environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_EnableDiagnostics"] = "0", ["DOTNET_NOLOGO"] = "1" },
        };
    }

    /// <summary>The launcher script: workstation GC and no diagnostics socket, as fits a small per-pod process.</summary>
    public static string StdioFrontLauncher(string dotnet) =>
        $$"""
        #!/bin/sh
        # Local mode's stand-in for the stdio front's native binary: the same program, run by the host's .NET.
        # `--install DIR` (the McpServer's init container) copies this launcher, as the native binary copies itself.
        case "$1" in
          --install) dir="$2" ;;
          --install=*) dir="${1#--install=}" ;;
          *) dir="" ;;
        esac
        if [ -n "$dir" ]; then
          cp "$0" "$dir/stdio-front.tmp" && chmod 0755 "$dir/stdio-front.tmp" && mv -f "$dir/stdio-front.tmp" "$dir/stdio-front"
          exit $?
        fi
        export DOTNET_gcServer=0 DOTNET_EnableDiagnostics=0 DOTNET_NOLOGO=1
        exec '{{dotnet.Replace("'", "'\''", StringComparison.Ordinal)}}' '{{StdioFrontInside}}/stdio-front.dll' "$@"

        """;

    /// <summary>Why <paramref name="map"/> is not <c>IMAGE=/host/program[,network]</c>, or null when it is.</summary>
    public static string? ImageMapProblem(string map)
    {
        var equals = map.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return "expected IMAGE=/host/program[,network], e.g. ghcr.io/acme/server=/opt/acme/bin/server,network";
        }

        var program = map[(equals + 1)..].Split(',')[0];
        if (!Path.IsPathRooted(program))
        {
            return $"the program '{program}' must be an absolute host path";
        }

        return map[(equals + 1)..].Split(',').Skip(1).FirstOrDefault(o => o != "network") is { } option
            ? $"unknown option '{option}'; the only option is 'network'"
            : null;
    }

    /// <summary>Adds <c>IMAGE=/host/program[,network]</c>: the program is the entrypoint, its folder is bound read-only at the same path.</summary>
    public static void AddImageMap(LocalJobRunnerOptions runner, string map)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (ImageMapProblem(map) is { } problem)
        {
            throw new ArgumentException($"--image-map {map}: {problem}", nameof(map));
        }

        var equals = map.IndexOf('=', StringComparison.Ordinal);
        var parts = map[(equals + 1)..].Split(',');
        var folder = Path.GetDirectoryName(parts[0])!;
        var image = map[..equals];
        runner.Images[image.EndsWith('*') ? image : LocalImageCatalog.Normalize(image)] = new LocalImage
        {
            Entrypoint = [parts[0]],
            ReadOnlyBinds = folder.StartsWith("/usr/", StringComparison.Ordinal) ? new Dictionary<string, string>() : new Dictionary<string, string> { [folder] = folder },
            AllowNetwork = parts.Contains("network"),
        };
    }

    /// <summary>Maps <paramref name="image"/> to the generator program in <paramref name="generatorDirectory"/>; <paramref name="sourceFolders"/> are bound read-only too (local template repositories).</summary>
    public static void AddGenerator(LocalJobRunnerOptions runner, string image, string generatorDirectory, params string[] sourceFolders)
    {
        var binds = new Dictionary<string, string> { [generatorDirectory] = generatorDirectory };
        foreach (var folder in sourceFolders)
        {
            binds[folder] = folder;
        }

        runner.Images[LocalImageCatalog.Normalize(image)] = new LocalImage
        {
            Entrypoint = ["/usr/bin/python3", Path.Combine(generatorDirectory, "entrypoint.py")],
            ReadOnlyBinds = binds,
            AllowNetwork = true,
            NetworkContainers = NetworkContainers,
        };
    }
}
