using System.Text.Json.Nodes;
using DynamoMcp.Api;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// The input of a Scaffold's render Job, as a ConfigMap the render container mounts read-only (a file, not one
/// command-line argument: Linux caps a single argument, and an env var, at 128 KiB): <c>variables.json</c>, the values
/// to render with (<see cref="RenderVariables"/>), and <c>choices.json</c>, the choices of every choice variable as the
/// template's inspection rendered and published them in status, so the generator checks a choice against the same list
/// the bridge and the controller did. One per Scaffold, named after it, owned by it. Pure. The controller applies it
/// before the Job, whose pod waits for it otherwise.
/// </summary>
public static class ScaffoldRenderInputConfigMapBuilder
{
    public const string Purpose = "render-input";
    public const string VolumeName = "render-input";
    public const string MountPath = "/var/run/dynamo-mcp/input";
    public const string VariablesKey = "variables.json";
    public const string ChoicesKey = "choices.json";

    /// <summary>The ConfigMap's name: one per Scaffold.</summary>
    public static string Name(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        return ChildNames.WithSuffix(scaffold.Metadata.Name, Purpose);
    }

    public static V1ConfigMap Build(Scaffold scaffold, CookiecutterTemplate template)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(template);
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [VariablesKey] = FreeForm.ToJsonObject((IEnumerable<KeyValuePair<string, object?>>)RenderVariables(scaffold, template)).ToJsonString(),
            [ChoicesKey] = Choices(template).ToJsonString(),
        };
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = Name(scaffold),
                NamespaceProperty = scaffold.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(Scaffold.KubeKind, scaffold.Metadata.Name), StringComparer.Ordinal)
                {
                    [SandboxLabels.Purpose] = Purpose,
                },
                Annotations = new Dictionary<string, string> { [WellKnown.Annotations.SpecHash] = ChildNames.Hash(data) },
                OwnerReferences = [SandboxJobBuilder.OwnerReference(scaffold.ApiVersion, Scaffold.KubeKind, scaffold.Metadata)],
            },
            Data = data,
        };
    }

    /// <summary>
    /// The values the render uses: defaults from the template's variableOverrides (cookiecutter only knows its own
    /// cookiecutter.json), then the Scaffold's variables on top. An update (spec.updateFrom) passes only its own
    /// variables: the generator takes the earlier project's values from its .cruft.json and overlays these.
    /// </summary>
    public static SortedDictionary<string, object?> RenderVariables(Scaffold scaffold, CookiecutterTemplate template)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(template);
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var entry in scaffold.Spec.UpdateFrom is null ? template.Spec.VariableOverrides ?? [] : [])
        {
            if (entry.Default is not null)
            {
                values[entry.Name] = entry.Default;
            }
        }

        foreach (var (name, value) in scaffold.Spec.Variables ?? new Dictionary<string, object?>())
        {
            values[name] = value;
        }

        return values;
    }

    /// <summary><c>{name: [choice, ...]}</c> of the inspected choice variables, in declaration order (images/generator/README.md, <c>--choices-file</c>).</summary>
    public static JsonObject Choices(CookiecutterTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var choices = new JsonObject();
        foreach (var variable in template.Status?.Variables ?? [])
        {
            if (variable.Type == TemplateVariableType.Choice && variable.Choices is { Count: > 0 } list)
            {
                choices[variable.Name] = new JsonArray(list.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
            }
        }

        return choices;
    }
}
