using System.Net;
using System.Text.Json;
using DynamoMcp.PackageDocs.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Registry;

/// <summary>
/// GETs JSON from a registry with a per-attempt timeout and exponential backoff on 5xx, timeouts and connection errors.
/// 404 and other 4xx are final. Shared by both clients so they fail the same way.
/// </summary>
internal sealed partial class RegistryHttp(HttpClient http, RegistryClientOptions options, Ecosystem ecosystem, ILogger logger, TimeProvider time)
{
    public Uri BaseUrl => options.BaseUrl;

    public async Task<JsonDocument> GetJsonAsync(string relativePath, string what, CancellationToken cancellationToken)
    {
        var url = new Uri(EnsureTrailingSlash(options.BaseUrl), relativePath);
        var backoff = options.InitialBackoff;
        string lastProblem = "";
        Exception? lastError = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                LogRetry(logger, url, attempt, options.MaxAttempts, lastProblem, backoff);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }

            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(options.Timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.ParseAdd("application/json");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    throw new RegistryException(
                        RegistryErrorKind.NotFound, ecosystem, url.ToString(),
                        $"{what} was not found at {url} (404). Check the spelling, or whether {options.BaseUrl} is the registry that has it.");
                }

                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    lastProblem = $"HTTP {(int)response.StatusCode}";
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new RegistryException(
                        RegistryErrorKind.InvalidResponse, ecosystem, url.ToString(),
                        $"{url} answered HTTP {(int)response.StatusCode} for {what}. Check the registry base URL ({options.BaseUrl}) and its access rules.");
                }

                await using var body = await response.Content.ReadAsStreamAsync(attemptTimeout.Token);
                try
                {
                    return await JsonDocument.ParseAsync(body, default, attemptTimeout.Token);
                }
                catch (JsonException e)
                {
                    throw new RegistryException(
                        RegistryErrorKind.InvalidResponse, ecosystem, url.ToString(),
                        $"{url} did not answer with JSON for {what} ({e.Message}). Is {options.BaseUrl} really a {Describe()} registry?", e);
                }
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = $"no answer within {options.Timeout.TotalSeconds:0.###} s";
                lastError = e;
            }
            catch (HttpRequestException e)
            {
                lastProblem = $"connection failed ({e.Message})";
                lastError = e;
            }
        }

        throw new RegistryException(
            RegistryErrorKind.RegistryUnavailable, ecosystem, url.ToString(),
            $"{Describe()} registry {options.BaseUrl} is unavailable for {what}: {lastProblem} after {options.MaxAttempts} attempt(s) at {url}. " +
            "Try again later, or point the registry base URL at a reachable mirror.",
            lastError);
    }

    private string Describe() => ecosystem == Ecosystem.PyPi ? "PyPI" : "npm";

    private static Uri EnsureTrailingSlash(Uri u) => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry request {Url} failed ({Problem}); attempt {Attempt} of {MaxAttempts} in {Backoff}")]
    private static partial void LogRetry(ILogger logger, Uri url, int attempt, int maxAttempts, string problem, TimeSpan backoff);
}
