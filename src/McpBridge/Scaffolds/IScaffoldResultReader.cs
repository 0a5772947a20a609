namespace DynamoMcp.McpBridge.Scaffolds;

/// <summary>
/// Reads the result of a Succeeded Scaffold. The operator stores it as a tar.gz split over ConfigMaps
/// (see <see cref="ConfigMapScaffoldResultReader"/> for the format); other sinks can implement this too.
/// </summary>
public interface IScaffoldResultReader
{
    /// <summary>The regular files of the result, ordered by path; null when no result is stored.</summary>
    Task<IReadOnlyList<ScaffoldFile>?> ListFilesAsync(string @namespace, string scaffoldName, CancellationToken cancellationToken);

    /// <summary>The content of one file; null when the result or the file does not exist.</summary>
    Task<byte[]?> ReadFileAsync(string @namespace, string scaffoldName, string path, CancellationToken cancellationToken);

    /// <summary>The whole result as tar.gz; null when no result is stored.</summary>
    Task<byte[]?> GetArchiveAsync(string @namespace, string scaffoldName, CancellationToken cancellationToken);
}
