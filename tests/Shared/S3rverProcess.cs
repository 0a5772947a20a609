using System.Diagnostics;
using System.Text.Json;

namespace DynamoMcp;

/// <summary>
/// A real S3-compatible server: the npm package s3rver 3.7.1 (tests/s3-server, installed by `npm ci --prefix
/// tests/s3-server`) behind tests/s3-server/server.js, on 127.0.0.1 at a port it binds itself (port 0), storing into a
/// private folder, with the configured buckets and one key pair. server.js verifies every AWS Signature Version 4 (header
/// and pre-signed query), which s3rver alone does not, and refuses unsigned requests (AccessDenied); s3rver enforces the
/// expiry of pre-signed URLs. Linked into every test project; <see cref="MissingPrerequisite"/> says why it cannot run.
/// </summary>
internal sealed class S3rverProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> stderr;

    private S3rverProcess(Process process, Task<string> stderr, int port, string directory, string accessKeyId, string secretAccessKey)
    {
        (this.process, this.stderr) = (process, stderr);
        (Port, Directory, AccessKeyId, SecretAccessKey) = (port, directory, accessKeyId, secretAccessKey);
    }

    /// <summary>The folder of tests/s3-server in this checkout.</summary>
    public static string PackageFolder { get; } = Path.Combine(RepositoryRoot.Find(), "tests", "s3-server");

    /// <summary>Why the server cannot run here (no node, or the npm package not installed), or null when it can.</summary>
    public static string? MissingPrerequisite { get; } = FindMissingPrerequisite();

    public int Port { get; }

    /// <summary>The service URL for path-style addressing: <c>http://127.0.0.1:port</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Where s3rver stores the buckets.</summary>
    public string Directory { get; }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    /// <summary>Starts the server with <paramref name="buckets"/> created, storing under <paramref name="directory"/>
    /// (created when missing). Call <see cref="MissingPrerequisite"/> first (and skip the test) where node may be missing.</summary>
    public static async Task<S3rverProcess> StartAsync(
        string directory, IReadOnlyList<string> buckets, string accessKeyId, string secretAccessKey, CancellationToken cancellationToken)
    {
        if (MissingPrerequisite is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = PackageFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            Path.Combine(PackageFolder, "server.js"), "--directory", directory, "--address", "127.0.0.1", "--port", "0",
            "--access-key-id", accessKeyId, "--secret-access-key", secretAccessKey,
            .. buckets.SelectMany(b => (string[])["--bucket", b]),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"s3rver ended before listening: {await stderr}");
            using var ready = JsonDocument.Parse(line);
            return new S3rverProcess(process, stderr, ready.RootElement.GetProperty("port").GetInt32(), directory, accessKeyId, secretAccessKey);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Where s3rver keeps the bytes of <paramref name="key"/> in <paramref name="bucket"/> (its filesystem store).</summary>
    public string ObjectFile(string bucket, string key) => Path.Combine(Directory, bucket, key + "._S3rver_object");

    /// <summary>What the server wrote to stderr so far is not readable until it ends; this stops it and returns it.</summary>
    public async Task<string> StopAsync()
    {
        if (!process.HasExited)
        {
            // server.js stops when its stdin closes.
            process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        return await stderr;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    private static string? FindMissingPrerequisite()
    {
        if (!File.Exists(Path.Combine(PackageFolder, "node_modules", "s3rver", "package.json")))
        {
            return $"s3rver is not installed in {PackageFolder}; run `npm ci --prefix tests/s3-server` (scripts/test.sh does)";
        }

        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (node is null)
            {
                return "node is not installed; run scripts/install-prereqs.sh";
            }

            node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            return node.ExitCode == 0 ? null : "`node --version` failed; install Node.js 20 or later";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not installed; run scripts/install-prereqs.sh";
        }
    }
}
