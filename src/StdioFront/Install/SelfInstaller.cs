namespace DynamoMcp.StdioFront.Install;

/// <summary>
/// <c>stdio-front --install &lt;dir&gt;</c>: copies the front's own native binary to <c>&lt;dir&gt;/stdio-front</c>, mode 0755. The
/// operator's init container runs it, so the front's image needs no shell and no <c>cp</c> (a distroless base).
/// </summary>
internal static class SelfInstaller
{
    public const string Option = "--install";

    public const string FileName = "stdio-front";

    public const UnixFileMode Mode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Whether the command line asks for the install mode (then <see cref="Run"/> handles it).</summary>
    public static bool Requested(IReadOnlyList<string> args) =>
        args.Count > 0 && (args[0] == Option || args[0].StartsWith(Option + "=", StringComparison.Ordinal));

    /// <param name="args">The command line: <c>--install &lt;dir&gt;</c> or <c>--install=&lt;dir&gt;</c>.</param>
    /// <param name="processPath">The running executable (<see cref="Environment.ProcessPath"/>).</param>
    /// <param name="isNativeBinary">False under the JIT (<c>dotnet stdio-front.dll</c>, an app host): that file alone cannot run elsewhere.</param>
    /// <returns>The exit code: 0 installed, 2 a wrong command line, 1 the copy failed.</returns>
    public static int Run(IReadOnlyList<string> args, string? processPath, bool isNativeBinary, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var directory = args[0].Length > Option.Length ? args[0][(Option.Length + 1)..] : args.Count > 1 ? args[1] : "";
        var extra = args.Count - (args[0].Length > Option.Length ? 1 : 2);
        if (directory.Length == 0 || extra > 0)
        {
            error.WriteLine($"stdio-front: {Option} takes one directory and nothing else, e.g. `stdio-front {Option} /dynamo-mcp/bin`");
            return 2;
        }

        if (!isNativeBinary || string.IsNullOrEmpty(processPath))
        {
            error.WriteLine($"stdio-front: {Option} copies the NativeAOT binary, and this process is not one ({processPath ?? "unknown executable"}); publish it with `dotnet publish src/StdioFront -r linux-x64` or use the images/stdio-front image");
            return 2;
        }

        try
        {
            var target = Install(processPath, directory);
            output.WriteLine($"stdio-front: installed {target}");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"stdio-front: cannot install into {directory}: {e.Message} (the directory must exist and be writable, e.g. an emptyDir mounted read-write)");
            return 1;
        }
    }

    /// <summary>Copies <paramref name="source"/> to <c><paramref name="directory"/>/stdio-front</c> with mode 0755; a file already there is replaced.</summary>
    /// <returns>The installed file's path.</returns>
    public static string Install(string source, string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var target = Path.Combine(directory, FileName);
        // Copied beside the target and renamed: a restarted init container never leaves a half-written binary in place.
        var partial = target + ".partial";
        File.Copy(source, partial, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(partial, Mode);
        }

        File.Move(partial, target, overwrite: true);
        return target;
    }
}
