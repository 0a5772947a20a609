namespace DynamoMcp.Operator.Sandbox;

/// <summary>Why a sandbox container's log gave no payload; each is a row of <see cref="GeneratorReasons"/>.</summary>
public enum SandboxResultProblem
{
    /// <summary>A verified payload was read.</summary>
    None,

    /// <summary>
    /// No frame, a cut-off frame, no pod or no log: the container was killed, evicted or never ran; or a frame from a
    /// container whose pod status shows no end yet.
    /// </summary>
    Missing,

    /// <summary>No complete frame, and the container was OOM-killed: its memory limit is too low for this template.</summary>
    OutOfMemory,

    /// <summary>A complete frame that fails its checksum, is not base64 or not a JSON object with a kind.</summary>
    Corrupt,

    /// <summary>A verified payload of a protocol version this operator does not know.</summary>
    UnknownProtocol,

    /// <summary>
    /// A verified payload that does not match how the container ended (a success from a container that did not exit 0,
    /// an Error with another exit code): not trusted, the exit code says what happened.
    /// </summary>
    Untrusted,

    /// <summary>The kubelet evicted the pod: its volumes held more than its ephemeral-storage limit or an emptyDir's sizeLimit.</summary>
    Evicted,

    /// <summary>The pod ran past its own activeDeadlineSeconds (the timeout, counted from its start).</summary>
    TimedOut,
}
