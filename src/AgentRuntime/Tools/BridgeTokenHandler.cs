using System.Net.Http.Headers;

namespace DynamoMcp.AgentRuntime.Tools;

/// <summary>
/// Puts the bridge credential on every request as <c>Authorization: Bearer</c>, read from its file each time (the
/// projected token rotates; a missing or empty file: no header). The token is never logged.
/// </summary>
internal sealed class BridgeTokenHandler(string? tokenPath) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await ReadTokenAsync(tokenPath, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The token in <paramref name="path"/>, trimmed, or null when there is none.</summary>
    public static async Task<string?> ReadTokenAsync(string? path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var token = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
            return token.Length == 0 ? null : token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
