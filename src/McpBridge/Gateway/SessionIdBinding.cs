using System.Security.Cryptography;
using System.Text;
using DynamoMcp.Mcp.Gateway;
using DynamoMcp.McpBridge.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// Binds the session ids the per-server endpoint hands out to the caller who opened the session (as the MCP security
/// guidance asks: a session id alone must not be enough). The client sees <c>&lt;upstream id&gt;.&lt;MAC&gt;</c>, the MAC an
/// HMAC-SHA256 over caller, server and upstream id with <c>Bridge:Gateway:SessionKey</c>; another caller presenting
/// the id gets 404 like any unknown session. Nothing is stored, so any replica with the same key serves any request.
/// </summary>
public sealed partial class SessionIdBinding
{
    private const int MacLength = 32;

    private readonly byte[] key;

    public SessionIdBinding(IOptions<BridgeOptions> options, ILogger<SessionIdBinding> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.Gateway.SessionKey is { Length: > 0 } configured)
        {
            key = Convert.FromBase64String(configured);
        }
        else
        {
            key = RandomNumberGenerator.GetBytes(32);
            LogRandomKey(logger);
        }
    }

    /// <summary>The id the client sees for <paramref name="upstreamId"/>.</summary>
    public string Bind(string upstreamId, string caller, UpstreamServerKey server) => upstreamId + "." + Mac(upstreamId, caller, server);

    /// <summary>The upstream id inside <paramref name="clientId"/>, or null when it was not handed to this caller for this server.</summary>
    public string? Unbind(string clientId, string caller, UpstreamServerKey server)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var dot = clientId.LastIndexOf('.');
        if (dot <= 0 || clientId.Length - dot - 1 != MacLength)
        {
            return null;
        }

        var upstreamId = clientId[..dot];
        var expected = Encoding.ASCII.GetBytes(Mac(upstreamId, caller, server));
        var given = Encoding.ASCII.GetBytes(clientId[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? upstreamId : null;
    }

    /// <summary>Whether <paramref name="value"/> is a usable <c>Bridge:Gateway:SessionKey</c>: base64 of 32 bytes or more.</summary>
    public static bool IsValidKey(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 32;
    }

    private string Mac(string upstreamId, string caller, UpstreamServerKey server)
    {
        var data = Encoding.UTF8.GetBytes(string.Join('\n', caller, server.Namespace, server.Name, server.Uid, upstreamId));
        return Base64Url(HMACSHA256.HashData(key, data))[..MacLength];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(LogLevel.Information, "Bridge:Gateway:SessionKey is not set: per-server session ids are bound with a key of this process only; give every replica the same key to run more than one")]
    private static partial void LogRandomKey(ILogger logger);
}
