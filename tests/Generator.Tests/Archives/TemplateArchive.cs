using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace DynamoMcp.Generator.Tests.Archives;

/// <summary>Builds zip and tar.gz archives in memory: of a template folder, or hand-made hostile ones.</summary>
public static class TemplateArchive
{
    /// <summary>Every file and symlink under <paramref name="folder"/> (without .git), optionally under one top-level folder.</summary>
    public static byte[] Zip(string folder, string? topFolder = null) =>
        Zip(Walk(folder).Select(f => (Prefix(topFolder) + f.Name, (byte[]?)File.ReadAllBytes(f.Path), (string?)null)));

    public static byte[] TarGz(string folder, string? topFolder = null)
    {
        var entries = new List<PaxTarEntry>();
        foreach (var (name, path) in Walk(folder))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, Prefix(topFolder) + name)
            {
                DataStream = new MemoryStream(File.ReadAllBytes(path)),
                Mode = OperatingSystem.IsWindows() ? (UnixFileMode)0x1A4 : File.GetUnixFileMode(path),
            };
            entries.Add(entry);
        }

        return TarGz(entries);
    }

    /// <summary>A zip of the given entries: content null with a link target makes a symlink entry.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[]? Content, string? LinkTarget)> entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, linkTarget) in entries)
            {
                var entry = zip.CreateEntry(name);
                // Unix mode in the high 16 bits: 0o120777 marks a symlink whose data is the target.
                entry.ExternalAttributes = (linkTarget is null ? 0x81A4 : 0xA1FF) << 16;
                using var stream = entry.Open();
                stream.Write(linkTarget is null ? content! : Encoding.UTF8.GetBytes(linkTarget));
            }
        }

        return buffer.ToArray();
    }

    public static byte[] TarGz(IEnumerable<PaxTarEntry> entries)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static PaxTarEntry TarFile(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static string Prefix(string? topFolder) => topFolder is null ? "" : topFolder + "/";

    private static IEnumerable<(string Name, string Path)> Walk(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => (Name: Path.GetRelativePath(folder, path).Replace('\\', '/'), Path: path))
            .Where(f => !f.Name.StartsWith(".git/", StringComparison.Ordinal))
            .OrderBy(f => f.Name, StringComparer.Ordinal);
}
