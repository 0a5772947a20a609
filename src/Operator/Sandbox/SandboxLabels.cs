namespace DynamoMcp.Operator.Sandbox;

/// <summary>Labels and annotations of sandbox Jobs and pods.</summary>
public static class SandboxLabels
{
    /// <summary>On every sandbox pod; the chart's default-deny NetworkPolicy selects it.</summary>
    public const string Sandbox = Api.WellKnown.Group + "/sandbox";

    /// <summary>What a sandbox child is for: <c>inspect</c> or <c>render</c> (Jobs), <c>render-input</c> (the render Job's ConfigMap).</summary>
    public const string Purpose = Api.WellKnown.Group + "/purpose";

    /// <summary>The template a sandbox pod runs; the template's egress NetworkPolicy selects it.</summary>
    public static readonly string Template = Api.WellKnown.Labels.ForKind(Api.V1Alpha1.CookiecutterTemplate.KubeKind);

    /// <summary>On a render Job: the template revision it is pinned to.</summary>
    public const string RevisionAnnotation = Api.WellKnown.Group + "/revision";

    /// <summary>On an inspect Job: the refresh request it handles.</summary>
    public const string RefreshAnnotation = Api.WellKnown.Group + "/refresh";
}
