using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp;

/// <summary>
/// A real git server over smart HTTP on 127.0.0.1 (Kestrel binds port 0 itself): every request must carry HTTP Basic
/// credentials equal to <see cref="User"/>/<see cref="Password"/> (else 401 with <c>WWW-Authenticate</c>, as git hosts
/// answer), and is then served by Debian git's own <c>git http-backend</c> as a CGI program over the bare repositories
/// under <see cref="ProjectRoot"/>, pushes enabled (<c>http.receivepack=true</c>). Helpers create bare repositories
/// (optionally with a branch holding a commit) and read branches back with the git CLI. Linked into every test project.
/// </summary>
internal sealed class GitHttpServer : IAsyncDisposable
{
    private const string Backend = "/usr/lib/git-core/git-http-backend";
    private const string Git = "/usr/bin/git";

    private readonly WebApplication app;
    private readonly string home;
    private int unauthorized;

    private GitHttpServer(WebApplication app, string projectRoot, string user, string password)
    {
        this.app = app;
        (ProjectRoot, User, Password) = (projectRoot, user, password);
        home = Path.Combine(projectRoot, ".home");
        Directory.CreateDirectory(home);
    }

    /// <summary>Why the server cannot run here (git or git-http-backend missing), or null when it can.</summary>
    public static string? MissingPrerequisite { get; } =
        File.Exists(Git) && File.Exists(Backend) ? null : $"{Git} or {Backend} is missing; run scripts/install-prereqs.sh (Debian's git)";

    /// <summary>The folder holding the bare repositories; a URL's path is relative to it.</summary>
    public string ProjectRoot { get; }

    public string User { get; }

    public string Password { get; }

    public int Port { get; private set; }

    /// <summary>How many requests were answered 401 (no or wrong credentials).</summary>
    public int Unauthorized => unauthorized;

    /// <summary>Runs once before each push (a receive-pack POST) reaches git, with the repository's name: a test moves
    /// the branch here to lose a race.</summary>
    public Func<string, CancellationToken, Task>? BeforeReceivePack { get; set; }

    /// <param name="projectRoot">An existing empty folder for the repositories (the test's temp folder).</param>
    public static async Task<GitHttpServer> StartAsync(string projectRoot, string user, string password, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(projectRoot);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new GitHttpServer(app, projectRoot, user, password);
        app.Run(server.ServeAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>The clone URL of <paramref name="repository"/> (e.g. "team/app.git"), without credentials.</summary>
    public string Url(string repository) => $"http://127.0.0.1:{Port}/{repository}";

    /// <summary>Creates the bare repository <paramref name="repository"/> (e.g. "team/app.git") and returns its folder.</summary>
    public async Task<string> CreateRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        var path = Path.Combine(ProjectRoot, repository);
        Directory.CreateDirectory(path);
        await GitAsync(path, cancellationToken, "init", "-q", "--bare", "--initial-branch=main");
        return path;
    }

    /// <summary>Commits <paramref name="files"/> (path: content) on <paramref name="branch"/> of the bare repository, on top of
    /// its tip when the branch exists (the commit's tree is exactly <paramref name="files"/>); returns the commit's sha.</summary>
    public async Task<string> CommitAsync(
        string repository, string branch, IReadOnlyDictionary<string, string> files, string message, CancellationToken cancellationToken)
    {
        var bare = Path.Combine(ProjectRoot, repository);
        var work = Path.Combine(home, "work-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            await GitAsync(work, cancellationToken, "init", "-q");
            var parent = await BranchCommitAsync(repository, branch, cancellationToken);
            if (parent is not null)
            {
                await GitAsync(work, cancellationToken, "fetch", "-q", bare, $"refs/heads/{branch}");
                await GitAsync(work, cancellationToken, "reset", "-q", "--soft", parent);
            }

            await GitAsync(work, cancellationToken, "read-tree", "--empty");
            foreach (var (path, content) in files)
            {
                var full = Path.Combine(work, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, content, cancellationToken);
            }

            await GitAsync(work, cancellationToken, "add", "-A", "-f", ".");
            await GitAsync(work, cancellationToken, "-c", "user.name=Test", "-c", "user.email=test@localhost", "commit", "-q", "--allow-empty", "-m", message);
            await GitAsync(work, cancellationToken, "push", "-q", bare, $"HEAD:refs/heads/{branch}");
            return (await GitAsync(work, cancellationToken, "rev-parse", "HEAD")).Trim();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The commit <paramref name="branch"/> points at, or null when there is no such branch.</summary>
    public async Task<string?> BranchCommitAsync(string repository, string branch, CancellationToken cancellationToken)
    {
        var (code, stdout, _) = await RunGitAsync(Path.Combine(ProjectRoot, repository), cancellationToken, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}");
        return code == 0 ? stdout.Trim() : null;
    }

    /// <summary>The parents of <paramref name="commit"/> (none for a root commit).</summary>
    public async Task<IReadOnlyList<string>> ParentsAsync(string repository, string commit, CancellationToken cancellationToken)
    {
        var line = await GitAsync(Path.Combine(ProjectRoot, repository), cancellationToken, "rev-list", "--parents", "-n", "1", commit);
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).ToList();
    }

    /// <summary>The files of <paramref name="revision"/> (a branch or sha), path: content (a symlink's content is its target).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadTreeAsync(string repository, string revision, CancellationToken cancellationToken)
    {
        var bare = Path.Combine(ProjectRoot, repository);
        var listing = await GitAsync(bare, cancellationToken, "ls-tree", "-r", "-z", "--full-tree", revision);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // <mode> SP <type> SP <object> TAB <path>
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var fields = entry[..tab].Split(' ');
            files[entry[(tab + 1)..]] = fields[1] == "blob" ? await GitAsync(bare, cancellationToken, "cat-file", "blob", fields[2]) : fields[2];
        }

        return files;
    }

    /// <summary>The mode git stores for <paramref name="path"/> at <paramref name="revision"/> ("100644", "100755", "120000").</summary>
    public async Task<string> ModeAsync(string repository, string revision, string path, CancellationToken cancellationToken)
    {
        var line = await GitAsync(Path.Combine(ProjectRoot, repository), cancellationToken, "ls-tree", "--full-tree", revision, "--", path);
        return line.Split(' ')[0];
    }

    /// <summary>One line of `git log -1 --format=<paramref name="format"/>` of <paramref name="revision"/> (e.g. "%an &lt;%ae&gt;|%cn|%s").</summary>
    public async Task<string> LogAsync(string repository, string revision, string format, CancellationToken cancellationToken) =>
        (await GitAsync(Path.Combine(ProjectRoot, repository), cancellationToken, "log", "-1", "--format=" + format, revision)).TrimEnd('\n');

    /// <summary>Installs an executable server-side hook (e.g. "pre-receive") in the bare repository.</summary>
    public async Task InstallHookAsync(string repository, string hook, string script, CancellationToken cancellationToken)
    {
        var path = Path.Combine(ProjectRoot, repository, "hooks", hook);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, script, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
        }
    }

    /// <summary>Runs git in <paramref name="directory"/> with no system or global config; throws on a non-zero exit.</summary>
    public async Task<string> GitAsync(string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var (code, stdout, stderr) = await RunGitAsync(directory, cancellationToken, arguments);
        return code == 0 ? stdout : throw new InvalidOperationException($"git {string.Join(' ', arguments)} in {directory} failed ({code}): {stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunGitAsync(string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo(Git) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Isolate(start.Environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    private void Isolate(IDictionary<string, string?> environment)
    {
        environment["HOME"] = home;
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["LC_ALL"] = "C";
        environment.Remove("GIT_DIR");
        environment.Remove("GIT_WORK_TREE");
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            return pair == $"{User}:{Password}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!Authorized(request))
        {
            Interlocked.Increment(ref unauthorized);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            await context.Response.WriteAsync("Authentication required\n", context.RequestAborted);
            return;
        }

        var path = request.Path.Value ?? "/";
        if (request.Method == HttpMethods.Post && path.EndsWith("/git-receive-pack", StringComparison.Ordinal) && BeforeReceivePack is { } before)
        {
            await before(path[1..^"/git-receive-pack".Length], context.RequestAborted);
        }

        var start = new ProcessStartInfo(Backend) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        var environment = start.Environment;
        Isolate(environment);
        environment["GIT_PROJECT_ROOT"] = ProjectRoot;
        environment["GIT_HTTP_EXPORT_ALL"] = "1";
        environment["GIT_CONFIG_COUNT"] = "1";
        environment["GIT_CONFIG_KEY_0"] = "http.receivepack";
        environment["GIT_CONFIG_VALUE_0"] = "true";
        environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        environment["SERVER_SOFTWARE"] = "GitHttpServer";
        environment["REMOTE_USER"] = User;
        environment["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        environment["REQUEST_METHOD"] = request.Method;
        environment["PATH_INFO"] = path;
        environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        environment["CONTENT_TYPE"] = request.ContentType ?? "";
        if (request.ContentLength is { } length)
        {
            environment["CONTENT_LENGTH"] = length.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in request.Headers)
        {
            environment["HTTP_" + name.ToUpperInvariant().Replace('-', '_')] = value.ToString();
        }

        environment.Remove("HTTP_AUTHORIZATION");
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git http-backend did not start");
        var stderr = process.StandardError.ReadToEndAsync(context.RequestAborted);
        var body = Task.Run(
            async () =>
            {
                try
                {
                    await request.Body.CopyToAsync(process.StandardInput.BaseStream, context.RequestAborted);
                }
                catch (IOException)
                {
                    // http-backend stopped reading (it answered an error): the rest of the body is not needed.
                }
                finally
                {
                    process.StandardInput.Close();
                }
            },
            context.RequestAborted);
        var output = process.StandardOutput.BaseStream;
        var (status, headers) = await ReadCgiHeadersAsync(output, context.RequestAborted);
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers.Append(name, value);
        }

        await output.CopyToAsync(context.Response.Body, context.RequestAborted);
        await body;
        await process.WaitForExitAsync(context.RequestAborted);
        await stderr;
    }

    /// <summary>The CGI response's header block: "Status: 404 Not Found" becomes the status code, the rest are headers.</summary>
    private static async Task<(int Status, List<(string Name, string Value)> Headers)> ReadCgiHeadersAsync(Stream output, CancellationToken cancellationToken)
    {
        var status = (int)HttpStatusCode.OK;
        var headers = new List<(string, string)>();
        var line = new List<byte>();
        var one = new byte[1];
        while (await output.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] != (byte)'\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                break;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var (name, value) = (text[..colon].Trim(), text[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                status = int.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
            }
            else
            {
                headers.Add((name, value));
            }
        }

        return (status, headers);
    }
}
