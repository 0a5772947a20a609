using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Tests.Templates;

/// <summary>
/// The generator's payloads as images/generator/README.md documents them (InspectResult, RenderResult, Error), put
/// through the result frame and read back the way <see cref="SandboxLogReader"/> hands them to the controllers.
/// </summary>
public static class GeneratorPayloads
{
    public const string Source = "https://github.com/acme/templates.git";

    /// <summary><paramref name="payload"/> framed as the generator prints it and read back as the log reader does.</summary>
    public static SandboxResult Framed(JsonObject payload) => SandboxResultFrame.Read(SandboxResultFrame.Encode(payload));

    /// <summary>What the reader gives for a log without a frame (the container was killed before printing it).</summary>
    public static SandboxResult NoFrame() => SandboxResultFrame.Read("Cloning into '/tmp/source'...\n");

    public static SandboxResult Error(string reason, string message, params (string Variable, string Message)[] problems)
    {
        var payload = new JsonObject
        {
            ["kind"] = GeneratorContract.ErrorKind,
            ["version"] = GeneratorContract.ProtocolVersion,
            ["reason"] = reason,
            ["message"] = message,
            ["exitCode"] = GeneratorReasons.Find(reason).ExitCode ?? 1,
        };
        if (problems.Length > 0)
        {
            payload["problems"] = new JsonArray([.. problems.Select(p => (JsonNode)new JsonObject { ["variable"] = p.Variable, ["message"] = p.Message })]);
        }

        return Framed(payload);
    }

    /// <summary>An InspectResult of <paramref name="revision"/> with two variables: project_name (string) and license (choice).</summary>
    public static SandboxResult InspectResult(string revision) => Framed(InspectResultPayload(revision));

    public static JsonObject InspectResultPayload(string revision) => new()
    {
        ["kind"] = GeneratorContract.InspectResultKind,
        ["version"] = GeneratorContract.ProtocolVersion,
        ["source"] = Source,
        ["ref"] = "main",
        ["resolvedRef"] = "refs/heads/main",
        ["revision"] = revision,
        ["directory"] = "",
        ["cookiecutterVersion"] = "2.6.0",
        ["template"] = new JsonObject
        {
            ["projectDirectory"] = "{{cookiecutter.project_slug}}",
            ["hasHooks"] = false,
            ["hooks"] = new JsonArray(),
            ["extensions"] = new JsonArray(),
            ["copyWithoutRender"] = new JsonArray(),
        },
        ["variables"] = new JsonArray(
            new JsonObject { ["name"] = "project_name", ["type"] = "string", ["default"] = "My Project", ["derived"] = false, ["description"] = "Name of the project" },
            new JsonObject { ["name"] = "license", ["type"] = "choice", ["default"] = "MIT", ["derived"] = false, ["choices"] = new JsonArray("MIT", "BSD-3-Clause") }),
        ["schema"] = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["project_name"] = new JsonObject { ["title"] = "project_name", ["type"] = "string", ["default"] = "My Project", ["maxLength"] = 1024 },
                ["license"] = new JsonObject { ["title"] = "license", ["enum"] = new JsonArray("MIT", "BSD-3-Clause"), ["default"] = "MIT" },
            },
            ["additionalProperties"] = false,
        },
        ["snapshot"] = SnapshotPayload(("cookiecutter.json", """{"project_name": "My Project", "license": ["MIT", "BSD-3-Clause"]}"""), ("{{cookiecutter.project_name}}/README.md", "# {{cookiecutter.project_name}}\n")),
    };

    /// <summary>The snapshot object of an InspectResult: a real tar.gz of <paramref name="files"/>.</summary>
    public static JsonObject SnapshotPayload(params (string Path, string Content)[] files)
    {
        var archive = Archive(files);
        return new JsonObject
        {
            ["format"] = "tar+gzip",
            ["files"] = files.Length,
            ["totalBytes"] = files.Sum(f => Encoding.UTF8.GetByteCount(f.Content)),
            ["archiveBytes"] = archive.Length,
            ["archiveSha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive)),
            ["archive"] = Convert.ToBase64String(archive),
        };
    }

    /// <summary>A RenderResult of <paramref name="revision"/> whose archive is a real tar.gz of <paramref name="files"/> (path, content).</summary>
    public static SandboxResult RenderResult(string revision, params (string Path, string Content)[] files) =>
        Framed(RenderResultPayload(revision, Archive(files), files));

    public static JsonObject RenderResultPayload(string revision, byte[] archive, (string Path, string Content)[] files) => new()
    {
        ["kind"] = GeneratorContract.RenderResultKind,
        ["version"] = GeneratorContract.ProtocolVersion,
        ["source"] = Source,
        ["ref"] = revision,
        ["resolvedRef"] = null,
        ["revision"] = revision,
        ["directory"] = "",
        ["cookiecutterVersion"] = "2.6.0",
        ["hooksPresent"] = new JsonArray(),
        ["hooksRun"] = false,
        ["projectDirectory"] = "app",
        ["variables"] = new JsonObject { ["project_name"] = "App" },
        ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject
        {
            ["path"] = f.Path,
            ["type"] = "file",
            ["mode"] = "0644",
            ["size"] = Encoding.UTF8.GetByteCount(f.Content),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(f.Content))),
        }), new JsonObject { ["path"] = "app/latest", ["type"] = "symlink", ["mode"] = "0644", ["size"] = 0, ["target"] = "README.md" }]),
        ["directories"] = new JsonArray("app"),
        ["totalBytes"] = files.Sum(f => Encoding.UTF8.GetByteCount(f.Content)),
        ["archiveFormat"] = "tar+gzip",
        ["archiveBytes"] = archive.Length,
        ["archiveSha256"] = Convert.ToHexStringLower(SHA256.HashData(archive)),
        ["archive"] = Convert.ToBase64String(archive),
    };

    /// <summary>A reproducible tar.gz of <paramref name="files"/>, as the generator writes it.</summary>
    public static byte[] Archive(params (string Path, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            foreach (var (path, content) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                });
            }
        }

        return buffer.ToArray();
    }
}
