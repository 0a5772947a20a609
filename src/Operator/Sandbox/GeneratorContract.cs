namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// The wire contract with the sandbox image (images/generator/README.md, "Result frame"): the protocol version its
/// payloads carry and the frame around them. <see cref="GeneratorReasons"/> holds the reasons and exit codes;
/// GeneratorContractTests check both against the Python. Dependency-free on purpose: tests/Generator.Tests compiles this
/// file (and the frame reader) on its own, without the operator project.
/// </summary>
public static class GeneratorContract
{
    /// <summary>The payload <c>version</c> this operator understands (<c>PROTOCOL_VERSION</c> in dynamo_generator/__init__.py).</summary>
    public const int ProtocolVersion = 1;

    public const string FrameBegin = "-----BEGIN DYNAMO RESULT-----";
    public const string FrameEnd = "-----END DYNAMO RESULT-----";

    /// <summary>Starts the line after <see cref="FrameBegin"/>; lower-case hex sha256 of the JSON document follows.</summary>
    public const string DigestPrefix = "sha256:";

    /// <summary>The base64 of the JSON document is wrapped at this many characters a line.</summary>
    public const int Base64LineWidth = 76;

    /// <summary>Payload kinds (<c>kind</c>).</summary>
    public const string InspectResultKind = "InspectResult";
    public const string RenderResultKind = "RenderResult";
    public const string FetchResultKind = "FetchResult";
    public const string DeliverResultKind = "DeliverResult";
    public const string ErrorKind = "Error";
}
