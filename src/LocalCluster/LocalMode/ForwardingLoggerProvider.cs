using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>Sends an embedded host's logs to the local mode's one logger factory, so all parts log alike.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The target factory belongs to the local mode.
    }
}
