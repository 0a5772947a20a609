using System.Text;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// Tells a container that never ran because bubblewrap failed to build its sandbox from one that failed itself: bwrap
/// exits 1 and its first output is its own <c>bwrap: </c> message, before anything of the container's. Sees only the
/// first bytes of the container's output.
/// </summary>
internal sealed class SandboxSetupFailure
{
    /// <summary>bubblewrap's exit code when it cannot set up the sandbox.</summary>
    public const int ExitCode = 1;

    /// <summary>How often a pod's container is retried after a failed sandbox set-up before it counts as failed.</summary>
    public const int MaxRetries = 3;

    private const string Prefix = "bwrap: ";
    private readonly StringBuilder head = new();
    private bool complete;

    /// <summary>Whether the output began with bubblewrap's own message (and held nothing else).</summary>
    public bool LooksLikeSetupFailure
    {
        get
        {
            var text = head.ToString();
            return text.StartsWith(Prefix, StringComparison.Ordinal) && text.TrimEnd('\n').IndexOf('\n', StringComparison.Ordinal) < 0;
        }
    }

    public void Observe(ReadOnlySpan<byte> chunk)
    {
        if (complete)
        {
            return;
        }

        head.Append(Encoding.UTF8.GetString(chunk[..Math.Min(chunk.Length, 512 - head.Length)]));
        complete = head.Length >= 512;
    }
}
