using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Templates;
using DynamoMcp.Operator.Tests.Retries;
using DynamoMcp.Operator.Tests.Sandbox;
using DynamoMcp.Operator.Tests.Templates;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Scaffolds;

/// <summary>The template lifecycle's decisions: which snapshots a template keeps, update patches and deliveries into status.</summary>
public sealed class ScaffoldLifecycleDecisionsTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Revision = InspectedTemplates.Revision;
    private static readonly (string Path, string Content)[] Files = [("app/README.md", "# App\n"), ("app/.cruft.json", "{}\n")];

    private static TemplateSnapshot Snapshot(string revision, string? reference = null) =>
        new() { Revision = revision, Ref = reference, Sha256 = revision[..2].PadRight(64, '0'), Size = 1, ConfigMaps = [$"web-snapshot-{revision[..4]}-0"] };

    private static V1ConfigMap Map(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    private static JsonObject Payload(JsonObject? update = null)
    {
        var payload = GeneratorPayloads.RenderResultPayload(Revision, GeneratorPayloads.Archive(Files), Files);
        if (update is not null)
        {
            payload["update"] = update;
        }

        return payload;
    }

    private static JsonObject Update(string patch, string? sha = null) => new()
    {
        ["fromRevision"] = new string('9', 40),
        ["toRevision"] = Revision,
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch)),
        ["patchBytes"] = Encoding.UTF8.GetByteCount(patch),
        ["patchSha256"] = sha ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(patch))),
        ["files"] = new JsonArray(
            new JsonObject { ["path"] = "README.md", ["change"] = "modified", ["binary"] = false, ["linesAdded"] = 1, ["linesRemoved"] = 1 },
            new JsonObject { ["path"] = "NEW.md", ["change"] = "added", ["binary"] = false, ["linesAdded"] = 2, ["linesRemoved"] = 0 }),
        ["linesAdded"] = 3,
        ["linesRemoved"] = 1,
    };

    private static StepOutcome Rendered(Scaffold scaffold, JsonObject payload, JsonObject? delivered, out RenderedProject? project)
    {
        var job = SandboxJobs.In(SandboxPodSpecs.Render(scaffold, SandboxPodSpecs.Template(), Revision, new SandboxOptions()), JobEnd.Complete, Now.AddSeconds(-30), Now);
        // As the log reader hands them over: parsed from the frame's JSON.
        static JsonObject? Read(JsonObject? node) => node is null ? null : JsonNode.Parse(node.ToJsonString())!.AsObject();
        return ScaffoldStatusDecisions.Rendered(scaffold, job, 0, SandboxJobPhase.Succeeded, null, Read(payload), Read(delivered), 1 << 20, Now, out project, out _);
    }

    [Fact]
    public void A_new_snapshot_goes_first_the_same_revision_is_replaced_and_only_the_history_is_kept()
    {
        var a = Snapshot(new string('a', 40), "main");
        var b = Snapshot(new string('b', 40), "main");
        var c = Snapshot(new string('c', 40), "v2");

        var kept = TemplateSnapshots.Record(TemplateSnapshots.Record(TemplateSnapshots.Record(null, a, 2), b, 2), c, 2);

        kept.Select(s => s.Revision[0]).Should().Equal('c', 'b');
        TemplateSnapshots.Record(kept, Snapshot(new string('b', 40), "refreshed"), 2).Select(s => s.Ref).Should().Equal("refreshed", "v2");
        TemplateSnapshots.Dropped([Map(a.ConfigMaps[0]), Map(b.ConfigMaps[0]), Map(c.ConfigMaps[0])], kept)
            .Select(m => m.Metadata.Name).Should().Equal(a.ConfigMaps[0]);
        var read = Map(a.ConfigMaps[0]);
        read.Metadata.Annotations = new Dictionary<string, string> { [SandboxLabels.RevisionAnnotation] = a.Revision };
        TemplateSnapshots.Dropped([read], kept, new HashSet<string> { a.Revision }).Should().BeEmpty("a running render still reads it");
        TemplateSnapshots.Dropped([read], kept, new HashSet<string> { b.Revision }).Should().ContainSingle();
    }

    [Theory]
    [InlineData(null, "aaaa")]
    [InlineData("", "aaaa")]
    [InlineData("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "bbbb")]
    [InlineData("BBBBBBB", "bbbb")]
    [InlineData("v1.0", "bbbb")]
    [InlineData("bbbbbb", null)]
    [InlineData("dddddddd", null)]
    public void A_scaffold_names_a_held_revision_by_sha_prefix_or_ref(string? wanted, string? expected)
    {
        var template = SandboxPodSpecs.Template();
        template.Status = new CookiecutterTemplateStatus
        {
            ResolvedRevision = new string('a', 40),
            Snapshots = [Snapshot(new string('a', 40), "main"), Snapshot(new string('b', 40), "v1.0")],
        };

        var found = TemplateSnapshots.Resolve(template, wanted, out var error);

        (found?.Revision[..4]).Should().Be(expected);
        if (expected is null)
        {
            error.Should().Contain("holds no snapshot of revision").And.Contain("aaaaaaaaaaaa (main), bbbbbbbbbbbb (v1.0)");
        }
    }

    [Fact]
    public void An_update_renders_into_a_patch_configmap_and_a_status_summary()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.UpdateFrom = new ScaffoldReference { Name = "my-app-v1" });
        const string patch = "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# Old\n+# App\n";

        Rendered(scaffold, Payload(Update(patch)), null, out var project).Should().Be(StepOutcome.Continue);
        var map = ScaffoldPatchConfigMapBuilder.Build(scaffold, project!.Update!);
        var chunks = ScaffoldResultConfigMapBuilder.Build(scaffold, project.Archive, project.Sha256);
        var outcome = ScaffoldStatusDecisions.Stored(scaffold, project, chunks, map, Now);

        map.Data[ScaffoldPatchConfigMapBuilder.Key].Should().Be(patch);
        map.Metadata.Name.Should().Be("my-app-patch");
        map.Metadata.OwnerReferences.Single().Uid.Should().Be("uid-app");
        var update = scaffold.Status.Update!;
        (update.From, update.FromRevision, update.ToRevision, update.PatchConfigMap).Should().Be(("my-app-v1", new string('9', 40), Revision, "my-app-patch"));
        (update.FilesChanged, update.LinesAdded, update.LinesRemoved, update.PatchSize).Should().Be((2, 3, 1, (long)Encoding.UTF8.GetByteCount(patch)));
        update.Files!.Select(f => (f.Path, f.Change)).Should().Equal(("NEW.md", "added"), ("README.md", "modified"));
        outcome.Message.Should().Contain("The update from Scaffold my-app-v1 changes 2 file(s) (+3 -1); the patch is in ConfigMap my-app-patch (apply it with git apply -3).");
        scaffold.Status.Artifact!.Kind.Should().Be(ArtifactKind.ConfigMap);
    }

    [Fact]
    public void A_patch_that_fails_its_checksum_is_refused()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.UpdateFrom = new ScaffoldReference { Name = "my-app-v1" });

        var outcome = Rendered(scaffold, Payload(Update("diff", sha: new string('0', 64))), null, out var project);

        project.Should().BeNull();
        outcome.Kind.Should().Be(StepOutcomeKind.Stalled);
        outcome.Message.Should().Contain("the sandbox's update patch fails its checksum");
    }

    [Fact]
    public void A_git_delivery_lands_in_the_artifact_with_commit_and_branch_and_keeps_the_inline_copy()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Output = new ScaffoldOutput { Git = new GitOutput { Url = "https://git.example.org/acme/app.git" } });
        var payload = Payload();
        var delivered = new JsonObject
        {
            ["kind"] = "DeliverResult", ["version"] = 1, ["output"] = "git", ["url"] = "https://git.example.org/acme/app.git", ["branch"] = "main",
            ["commit"] = new string('f', 40), ["parent"] = null, ["created"] = true, ["changed"] = true, ["files"] = 2, ["archiveSha256"] = (string?)payload["archiveSha256"],
        };

        Rendered(scaffold, payload, delivered, out var project).Should().Be(StepOutcome.Continue);
        var chunks = ScaffoldResultConfigMapBuilder.Build(scaffold, project!.Archive, project.Sha256);
        var outcome = ScaffoldStatusDecisions.Stored(scaffold, project, chunks, null, Now);

        var artifact = scaffold.Status.Artifact!;
        (artifact.Kind, artifact.Url, artifact.Branch, artifact.Commit).Should().Be((ArtifactKind.Git, "https://git.example.org/acme/app.git", "main", new string('f', 40)));
        artifact.Names.Should().Equal(chunks.Select(c => c.Metadata.Name), "a copy stays inline for updates");
        outcome.Message.Should().Be($"Rendered 2 files from revision {Revision} and pushed commit {new string('f', 40)} to branch main of https://git.example.org/acme/app.git.");
    }

    [Fact]
    public void An_s3_delivery_records_key_size_url_and_expiry()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Output = new ScaffoldOutput { S3 = new S3Output { Bucket = "projects" } });
        var payload = Payload();
        var delivered = new JsonObject
        {
            ["kind"] = "DeliverResult", ["version"] = 1, ["output"] = "s3", ["bucket"] = "projects", ["key"] = "team-a/my-app.tar.gz", ["size"] = 321,
            ["sha256"] = (string?)payload["archiveSha256"], ["etag"] = "abc", ["url"] = "http://127.0.0.1:9/projects/team-a/my-app.tar.gz?X-Amz-Signature=x",
            ["urlExpiresAt"] = "2026-03-01T13:00:00Z",
        };

        Rendered(scaffold, payload, delivered, out var project).Should().Be(StepOutcome.Continue);
        ScaffoldStatusDecisions.Stored(scaffold, project!, ScaffoldResultConfigMapBuilder.Build(scaffold, project!.Archive, project.Sha256), null, Now);

        var artifact = scaffold.Status.Artifact!;
        (artifact.Kind, artifact.Bucket, artifact.Key, artifact.UrlExpiresAt).Should().Be((ArtifactKind.S3, "projects", "team-a/my-app.tar.gz", new DateTime(2026, 3, 1, 13, 0, 0, DateTimeKind.Utc)));
        artifact.Url.Should().Contain("X-Amz-Signature");
        artifact.Size.Should().Be(project.Archive.Length, "size describes the archive; the upload had the same digest");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("other digest")]
    [InlineData("no commit")]
    public void A_delivery_that_does_not_match_the_render_is_never_reported_as_success(string malformation)
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Output = new ScaffoldOutput { Git = new GitOutput { Url = "https://git.example.org/acme/app.git" } });
        var payload = Payload();
        JsonObject? delivered = new()
        {
            ["kind"] = "DeliverResult", ["version"] = 1, ["output"] = "git", ["branch"] = "main", ["commit"] = new string('f', 40),
            ["archiveSha256"] = malformation == "other digest" ? new string('0', 64) : (string?)payload["archiveSha256"],
        };
        if (malformation == "missing")
        {
            delivered = null;
        }
        else if (malformation == "no commit")
        {
            delivered.Remove("commit");
        }

        var outcome = Rendered(scaffold, payload, delivered, out var project);

        project.Should().BeNull();
        outcome.Kind.Should().Be(StepOutcomeKind.Stalled);
        outcome.Message.Should().Contain("deliver step");
    }
}
