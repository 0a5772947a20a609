using DynamoMcp.LocalCluster.Jobs;

namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>
/// Images that cannot be pulled here, mapped to local programs: the generator image becomes its entrypoint
/// (copied beside this executable from images/generator) run by the host's /usr/bin/python3, which has
/// Debian's cookiecutter.
/// </summary>
public static class LocalSandboxImages
{
    public static string GeneratorDirectory => Path.Combine(AppContext.BaseDirectory, "generator");

    /// <summary>The containers of sandbox pods that fetch sources and so need the network; render runs without it.</summary>
    public static IReadOnlySet<string> NetworkContainers { get; } = new HashSet<string>(StringComparer.Ordinal) { "fetch", "inspect" };

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
        return runner;
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
