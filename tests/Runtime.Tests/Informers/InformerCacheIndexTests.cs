using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Hosting;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DynamoMcp.Runtime.Tests.Informers;

/// <summary>Named indexes of the informer cache: filing on add, re-filing on update, removal on delete, lookups by value.</summary>
public sealed class InformerCacheIndexTests
{
    private const string ByTemplate = "by-template";

    private static V1ConfigMap ConfigMap(string name, params string[] templates) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Annotations = new Dictionary<string, string> { ["templates"] = string.Join(",", templates) },
        },
    };

    /// <summary>The index under test: every name in the comma-separated "templates" annotation.</summary>
    private static IEnumerable<string> Templates(V1ConfigMap cm) =>
        cm.Metadata.Annotations?.TryGetValue("templates", out var value) == true
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries)
            : [];

    private static IEnumerable<string> Names(IReadOnlyList<V1ConfigMap> items) => items.Select(i => i.Metadata.Name);

    [Fact]
    public void Objects_stored_before_the_index_exists_are_filed_when_it_is_added()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.Upsert(ConfigMap("a", "t1"));
        cache.Upsert(ConfigMap("b", "t2"));
        cache.Upsert(ConfigMap("c"));

        cache.HasIndex(ByTemplate).Should().BeFalse();
        cache.AddIndex(ByTemplate, Templates);

        cache.HasIndex(ByTemplate).Should().BeTrue();
        Names(cache.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["a"]);
        Names(cache.ListByIndex(ByTemplate, "t2")).Should().BeEquivalentTo(["b"]);
        cache.ListByIndex(ByTemplate, "t3").Should().BeEmpty();
    }

    [Fact]
    public void Objects_stored_after_the_index_exists_are_filed_on_upsert()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);

        cache.Upsert(ConfigMap("a", "t1"));
        cache.Upsert(ConfigMap("b", "t1"));
        cache.Upsert(ConfigMap("c", "t2"));

        Names(cache.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["a", "b"]);
        Names(cache.ListByIndex(ByTemplate, "t2")).Should().BeEquivalentTo(["c"]);
    }

    [Fact]
    public void An_update_that_changes_the_value_moves_the_object_to_its_new_value_only()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);
        cache.Upsert(ConfigMap("a", "t1"));
        cache.Upsert(ConfigMap("b", "t1"));

        var updated = ConfigMap("a", "t2");
        cache.Upsert(updated);

        Names(cache.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["b"], "a no longer names t1");
        cache.ListByIndex(ByTemplate, "t2").Should().ContainSingle().Which.Should().BeSameAs(updated, "the index returns the current object, not the one it was filed with");
    }

    [Fact]
    public void An_update_that_keeps_the_value_returns_the_new_object_once()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);
        cache.Upsert(ConfigMap("a", "t1"));

        var updated = ConfigMap("a", "t1");
        updated.Metadata.Labels = new Dictionary<string, string> { ["changed"] = "yes" };
        cache.Upsert(updated);

        cache.ListByIndex(ByTemplate, "t1").Should().ContainSingle().Which.Should().BeSameAs(updated);
    }

    [Fact]
    public void A_removed_object_leaves_every_value_it_was_filed_under()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);
        cache.Upsert(ConfigMap("a", "t1", "t2"));
        cache.Upsert(ConfigMap("b", "t2"));

        cache.Remove(new ObjectKey("default", "a")).Should().NotBeNull();

        cache.ListByIndex(ByTemplate, "t1").Should().BeEmpty();
        Names(cache.ListByIndex(ByTemplate, "t2")).Should().BeEquivalentTo(["b"]);
        cache.Remove(new ObjectKey("default", "a")).Should().BeNull("removing an absent key is a no-op");
    }

    [Fact]
    public void An_object_with_several_values_is_found_under_each_of_them()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);
        cache.Upsert(ConfigMap("multi", "t1", "t2", "t3"));
        cache.Upsert(ConfigMap("single", "t2"));

        Names(cache.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["multi"]);
        Names(cache.ListByIndex(ByTemplate, "t2")).Should().BeEquivalentTo(["multi", "single"]);
        Names(cache.ListByIndex(ByTemplate, "t3")).Should().BeEquivalentTo(["multi"]);

        // Dropping one of its values keeps the others.
        cache.Upsert(ConfigMap("multi", "t1", "t3"));
        Names(cache.ListByIndex(ByTemplate, "t2")).Should().BeEquivalentTo(["single"]);
        Names(cache.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["multi"]);
        Names(cache.ListByIndex(ByTemplate, "t3")).Should().BeEquivalentTo(["multi"]);
    }

    [Fact]
    public void A_value_returned_twice_for_one_object_files_it_once_and_removing_it_clears_it()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);
        cache.Upsert(ConfigMap("dup", "t1", "t1"));

        cache.ListByIndex(ByTemplate, "t1").Should().ContainSingle();
        cache.Remove(new ObjectKey("default", "dup"));
        cache.ListByIndex(ByTemplate, "t1").Should().BeEmpty();
    }

    [Fact]
    public void Reading_an_index_never_added_throws_naming_it()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);
        cache.Upsert(ConfigMap("a", "t1"));

        var act = () => cache.ListByIndex("by-nothing", "t1");

        act.Should().Throw<InvalidOperationException>().WithMessage("*by-nothing*");
    }

    [Fact]
    public void The_read_only_view_reads_the_same_index_and_throws_the_same_way()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);
        cache.Upsert(ConfigMap("a", "t1"));
        IReadOnlyCache<V1ConfigMap> view = cache;

        Names(view.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["a"]);
        var act = () => view.ListByIndex("missing-index", "t1");
        act.Should().Throw<InvalidOperationException>().WithMessage("*missing-index*");
    }

    [Fact]
    public void Adding_a_name_twice_keeps_the_first_function()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.Upsert(ConfigMap("a", "t1"));
        cache.AddIndex(ByTemplate, Templates);
        var secondCalls = 0;

        cache.AddIndex(ByTemplate, _ =>
        {
            secondCalls++;
            return ["other"];
        });
        cache.Upsert(ConfigMap("b", "t1"));

        secondCalls.Should().Be(0, "the second function is never used, neither for stored nor for new objects");
        Names(cache.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["a", "b"]);
        cache.ListByIndex(ByTemplate, "other").Should().BeEmpty();
    }

    [Fact]
    public void Named_indexes_are_independent_of_each_other_and_of_the_owner_and_label_indexes()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(ByTemplate, Templates);
        cache.AddIndex("by-name-length", cm => [cm.Metadata.Name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var cm = ConfigMap("abc", "t1");
        cm.Metadata.Labels = new Dictionary<string, string> { ["app"] = "x" };
        cm.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "o", Uid = "uid-1" }];
        cache.Upsert(cm);

        Names(cache.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["abc"]);
        Names(cache.ListByIndex("by-name-length", "3")).Should().BeEquivalentTo(["abc"]);
        Names(cache.ListByLabel("app", "x")).Should().BeEquivalentTo(["abc"]);
        Names(cache.ListByOwner("uid-1")).Should().BeEquivalentTo(["abc"]);

        cache.Remove(ObjectKey.From(cm));
        cache.ListByIndex("by-name-length", "3").Should().BeEmpty();
        cache.ListByLabel("app", "x").Should().BeEmpty();
        cache.ListByOwner("uid-1").Should().BeEmpty();
    }

    [Fact]
    public void The_registry_adds_the_index_to_the_shared_cache_of_the_kind()
    {
        // Never called: nothing here starts an informer.
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IKubernetes>(client);
        services.AddControllerRuntime();
        using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<InformerRegistry>();

        registry.Get<V1ConfigMap>().Cache.Upsert(ConfigMap("before", "t1"));
        registry.AddIndex<V1ConfigMap>(ByTemplate, Templates);
        registry.Get<V1ConfigMap>().Cache.Upsert(ConfigMap("after", "t1"));

        var cache = registry.Cache<V1ConfigMap>();
        Names(cache.ListByIndex(ByTemplate, "t1")).Should().BeEquivalentTo(["before", "after"]);
        registry.Get<V1ConfigMap>().Cache.HasIndex(ByTemplate).Should().BeTrue();
        var other = () => registry.Cache<V1Secret>().ListByIndex(ByTemplate, "t1");
        other.Should().Throw<InvalidOperationException>("an index belongs to one kind's cache")
            .WithMessage($"*{ByTemplate}*");
    }
}
