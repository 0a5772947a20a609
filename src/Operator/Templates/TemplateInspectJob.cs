using k8s.Models;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// A desired inspect Job and the hash of its inputs (Job spec, refresh request, generation) that
/// <c>status.inspectedSpecHash</c> is compared with.
/// </summary>
public sealed record TemplateInspectJob(V1Job Job, string InputHash);
