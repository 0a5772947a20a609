using System.Runtime.InteropServices;

namespace DynamoMcp.Operator.Cli;

/// <summary>
/// SIGINT and SIGTERM as a cancellation token. The ASP.NET Core hosts inside the process install console lifetimes
/// that swallow these signals; the process itself must own them, so a pod's SIGTERM (and a person's Ctrl-C) stops
/// every part in order, releases the leader Lease and exits.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly PosixSignalRegistration sigint;
    private readonly PosixSignalRegistration sigterm;

    public ShutdownSignals(CancellationToken linked)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(linked);
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => stop.Token;

    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
