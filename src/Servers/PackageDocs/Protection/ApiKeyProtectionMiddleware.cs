using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace DynamoMcp.PackageDocs.Protection;

/// <summary>
/// The standalone protection in front of every endpoint but the probes: a key from <c>Authorization: Bearer</c> or
/// <c>X-Api-Key</c> (none: anonymous, counted by client IP), 401 for a key that is not configured, the hourly limit of the
/// caller's class with <c>X-RateLimit-*</c> headers, and 429 with <c>Retry-After</c> past it.
/// </summary>
public sealed partial class ApiKeyProtectionMiddleware(
    RequestDelegate next, ApiKeyRegistry keys, HourlyRateLimiter limiter, ProtectionOptions options, ILogger<ApiKeyProtectionMiddleware> logger)
{
    public const string ApiKeyHeader = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsUnlimited(context.Request.Path, options.UnlimitedPaths))
        {
            await next(context);
            return;
        }

        var clientAddress = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        CallerIdentity caller;
        if (PresentedKey(context.Request.Headers) is { } presented)
        {
            if (keys.Identify(presented) is not { } known)
            {
                LogUnknownKey(clientAddress);
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, new ProtectionError(
                    "unknown_api_key",
                    "The API key is not known to this server. Check the key you were given, or call without one for the anonymous limit."));
                return;
            }

            caller = known;
        }
        else
        {
            caller = CallerIdentity.Anonymous(clientAddress);
        }

        var decision = await limiter.AcquireAsync(caller, context.RequestAborted);
        WriteRateLimitHeaders(context.Response.Headers, decision);
        if (!decision.Allowed)
        {
            LogLimited(caller.Class, caller.Owner ?? clientAddress, decision.Limit);
            context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, new ProtectionError(
                "rate_limited",
                $"The limit of {decision.Limit} requests per {Describe(options.Window)} for {Describe(caller.Class)} is used up. "
                + $"Try again in {decision.RetryAfterSeconds} s{(caller.Class == ApiKeyClass.Anonymous ? ", or ask for an API key for a higher limit" : "")}.",
                decision.RetryAfterSeconds));
            return;
        }

        await next(context);
    }

    /// <summary>The key the request presents: a Bearer token first, then X-Api-Key; null when it presents none.</summary>
    public static string? PresentedKey(IHeaderDictionary headers)
    {
        if (headers.Authorization is { Count: > 0 } authorization)
        {
            var value = authorization.ToString();
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || value.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                return value.Length > 7 ? value[7..].Trim() : "";
            }
        }

        return headers.TryGetValue(ApiKeyHeader, out StringValues apiKey) && apiKey.Count > 0 ? apiKey.ToString().Trim() : null;
    }

    /// <summary>Whether <paramref name="path"/> is one of <paramref name="unlimited"/> or below one.</summary>
    public static bool IsUnlimited(PathString path, IReadOnlyList<string> unlimited)
    {
        foreach (var prefix in unlimited)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteRateLimitHeaders(IHeaderDictionary headers, RateLimitDecision decision)
    {
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        // Unix seconds of the window's end, as GitHub's API gives it.
        headers["X-RateLimit-Reset"] = decision.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, ProtectionError error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error, context.RequestAborted);
    }

    private static string Describe(TimeSpan window) => window == TimeSpan.FromHours(1) ? "hour" : $"{window}";

    private static string Describe(ApiKeyClass keyClass) => keyClass switch
    {
        ApiKeyClass.Anonymous => "calls without an API key from this address",
        ApiKeyClass.OpenSource => "this open-source project's key",
        _ => "this API key",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an unknown API key from {ClientAddress}")]
    private partial void LogUnknownKey(string clientAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate-limited a {KeyClass} caller ({Caller}) at {Limit} requests per window")]
    private partial void LogLimited(ApiKeyClass keyClass, string caller, int limit);
}
