using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Templates;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Sandbox;

/// <summary>Every kind of sandbox Job the operator builds, across the settings that change its pod spec.</summary>
public static class SandboxPodSpecs
{
    public static CookiecutterTemplate Template(Action<CookiecutterTemplateSpec>? change = null)
    {
        var template = new CookiecutterTemplate
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team-a", Uid = "uid-web", Generation = 1 },
            Spec = new CookiecutterTemplateSpec { Source = new TemplateSource { Git = new GitSource { Url = "https://github.com/acme/templates.git", Ref = "main" } } },
        };
        change?.Invoke(template.Spec);
        return template;
    }

    /// <summary>A template whose source is an archive (no git) at <paramref name="url"/>.</summary>
    public static CookiecutterTemplate ArchiveTemplate(string url = "https://codeload.github.com/acme/templates/zip/refs/heads/main", string? sha256 = null, Action<CookiecutterTemplateSpec>? change = null) =>
        Template(s =>
        {
            s.Source = new TemplateSource { Archive = new ArchiveSource { Url = url, Sha256 = sha256 } };
            change?.Invoke(s);
        });

    public static Scaffold Scaffold(Action<ScaffoldSpec>? change = null)
    {
        var scaffold = new Scaffold
        {
            Metadata = new V1ObjectMeta { Name = "my-app", NamespaceProperty = "team-a", Uid = "uid-app", Generation = 1 },
            Spec = new ScaffoldSpec { TemplateRef = new TemplateReference { Name = "web" }, Variables = new Dictionary<string, object?> { ["project_name"] = "App" } },
        };
        change?.Invoke(scaffold.Spec);
        return scaffold;
    }

    /// <summary>A snapshot the template holds of <paramref name="revision"/>, in two ConfigMaps.</summary>
    public static TemplateSnapshot Snapshot(string revision, string? reference = "main") => new()
    {
        Revision = revision,
        Ref = reference,
        Sha256 = new string('5', 64),
        Size = 1234,
        Files = 7,
        ConfigMaps = ["web-snapshot-0", "web-snapshot-1"],
    };

    /// <summary>An earlier Scaffold that succeeded, with its project in two ConfigMaps, for updates.</summary>
    public static Scaffold Previous(string name = "my-app-v1")
    {
        var previous = Scaffold();
        previous.Metadata.Name = name;
        previous.Metadata.Uid = "uid-" + name;
        previous.Status = new ScaffoldStatus
        {
            Phase = ScaffoldPhase.Succeeded,
            Revision = new string('a', 40),
            Artifact = new ScaffoldArtifact { Kind = ArtifactKind.ConfigMap, Names = [name + "-output-0", name + "-output-1"], Chunks = 2, Sha256 = new string('6', 64), Size = 99 },
        };
        return previous;
    }

    /// <summary>The render Job of <paramref name="scaffold"/> from the snapshot of <paramref name="revision"/>.</summary>
    public static V1Job Render(Scaffold scaffold, CookiecutterTemplate template, string revision, SandboxOptions options, Scaffold? previous = null) =>
        ScaffoldRenderJobBuilder.Build(scaffold, template, Snapshot(revision), previous, options);

    /// <summary>(case name, Job) for every builder and the settings that change the pod.</summary>
    public static IEnumerable<(string Case, V1Job Job)> All()
    {
        var options = new SandboxOptions();
        var gvisor = new SandboxOptions { RuntimeClassName = "gvisor" };
        yield return ("inspect", TemplateInspectJobBuilder.Build(Template(), options, "").Job);
        yield return ("inspect with hooks, secret, directory", TemplateInspectJobBuilder.Build(Template(s =>
        {
            s.Hooks = new HookPolicy { Enabled = true };
            s.Source.Git!.SecretRef = new V1LocalObjectReference { Name = "git-creds" };
            s.Source.Git.Directory = "python/lib";
        }), options, "").Job);
        yield return ("inspect with sandbox settings", TemplateInspectJobBuilder.Build(Template(s => s.Sandbox = new SandboxSettings
        {
            RuntimeClassName = "kata",
            TimeoutSeconds = 30,
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") } },
        }), gvisor, "").Job);
        yield return ("render", Render(Scaffold(), Template(), new string('a', 40), options));
        yield return ("inspect archive", TemplateInspectJobBuilder.Build(ArchiveTemplate(sha256: new string('e', 64)), options, "").Job);
        yield return ("render archive", Render(Scaffold(), ArchiveTemplate(), "sha256:" + new string('f', 64), options));
        yield return ("render with hooks and secret", Render(
            Scaffold(s => s.TimeoutSeconds = 60), Template(s =>
            {
                s.Hooks = new HookPolicy { Enabled = true };
                s.Source.Git!.SecretRef = new V1LocalObjectReference { Name = "git-creds" };
            }), new string('b', 40), gvisor));
        yield return ("render an update", Render(Scaffold(s => s.UpdateFrom = new ScaffoldReference { Name = "my-app-v1" }), Template(), new string('c', 40), options, Previous()));
        yield return ("render to git", Render(Scaffold(s => s.Output = new ScaffoldOutput
        {
            Git = new GitOutput { Url = "https://git.example.org/acme/app.git", Branch = "generated", SecretRef = new V1LocalObjectReference { Name = "push-creds" } },
        }), Template(), new string('d', 40), options));
        yield return ("render to s3", Render(Scaffold(s => s.Output = new ScaffoldOutput
        {
            S3 = new S3Output { Bucket = "projects", Endpoint = "https://s3.example.org", SecretRef = new V1LocalObjectReference { Name = "s3-creds" } },
        }), Template(), new string('e', 40), gvisor));
    }
}
