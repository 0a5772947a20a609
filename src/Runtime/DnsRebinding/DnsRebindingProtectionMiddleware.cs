using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>
/// Answers 403 with a plain-text reason to a request whose Host or Origin <see cref="HostOriginPolicy"/> refuses,
/// before anything else (authentication included) sees it.
/// </summary>
public sealed partial class DnsRebindingProtectionMiddleware(
    RequestDelegate next, HostOriginPolicy policy, DnsRebindingProtectionOptions options, ILogger<DnsRebindingProtectionMiddleware> logger)
{
    // Header values are echoed in the answer and the log: enough to recognize them, not a page of attacker text.
    private const int MaxEchoedLength = 200;

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var decision = policy.Evaluate(
            request.Headers.Host.ToString(), request.Headers.Origin, HostOriginPolicy.IsLoopback(context.Connection.LocalIpAddress));
        if (decision.IsAllowed)
        {
            return next(context);
        }

        var value = Shorten(decision.Value);
        LogRefused(logger, decision.Header, value, request.Method, request.Path.Value ?? "", context.Connection.RemoteIpAddress?.ToString() ?? "-");
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(Message(decision.Header, value, decision.Reason), context.RequestAborted);
    }

    private string Message(RefusedHeader header, string value, string reason)
    {
        var advice = header == RefusedHeader.Host
            ? $"If clients reach this server under that name, allow it with {options.AllowHostSetting}."
            : $"If web pages from that origin may use this server, allow it with {options.AllowOriginSetting}.";
        return $"Forbidden by DNS-rebinding protection: the {header} header '{value}' {reason}. {advice}\n";
    }

    private static string Shorten(string value) =>
        value.Length <= MaxEchoedLength ? value : string.Concat(value.AsSpan(0, MaxEchoedLength), "…");

    // The path without its query: legacy SSE carries the session id in /message?sessionId=...
    [LoggerMessage(LogLevel.Information, "Refused {Method} {Path} from {RemoteAddress}: {Header} header '{Value}' is not allowed (DNS-rebinding protection)")]
    private static partial void LogRefused(ILogger logger, RefusedHeader header, string value, string method, string path, string remoteAddress);
}
