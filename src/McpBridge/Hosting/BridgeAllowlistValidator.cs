using DynamoMcp.Runtime.DnsRebinding;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>Start-up check of the DNS-rebinding allowlists that names every bad entry and what to write instead.</summary>
internal sealed class BridgeAllowlistValidator : IValidateOptions<BridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = HostOriginPolicy.HostProblems(options.AllowedHosts).Select(p => $"Bridge:AllowedHosts: {p}")
            .Concat(HostOriginPolicy.OriginProblems(options.AllowedOrigins).Select(p => $"Bridge:AllowedOrigins: {p}"))
            .ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
