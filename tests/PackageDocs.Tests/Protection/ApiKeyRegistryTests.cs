using DynamoMcp.PackageDocs.Protection;

namespace DynamoMcp.PackageDocs.Tests.Protection;

public sealed class ApiKeyRegistryTests
{
    private const string Pepper = "deployment-pepper-0123";

    private static ProtectionOptions Options(params ConfiguredApiKey[] keys) => new() { Pepper = Pepper, Keys = [.. keys] };

    [Fact]
    public void A_configured_key_is_identified_with_its_class_and_owner_and_a_subject_that_is_not_the_key()
    {
        var registry = new ApiKeyRegistry(Options(
            new ConfiguredApiKey { Hash = ApiKeyHasher.Hash("key-of-acme", Pepper), Class = ApiKeyClass.Keyed, Owner = "acme" },
            new ConfiguredApiKey { Hash = ApiKeyHasher.Hash("key-of-wagtail", Pepper), Class = ApiKeyClass.OpenSource, Owner = "wagtail" }));

        var acme = registry.Identify("key-of-acme");
        var wagtail = registry.Identify("key-of-wagtail");

        acme.Should().BeEquivalentTo(new { Class = ApiKeyClass.Keyed, Owner = "acme" });
        wagtail.Should().BeEquivalentTo(new { Class = ApiKeyClass.OpenSource, Owner = "wagtail" });
        acme!.Subject.Should().StartWith("key:").And.NotContain("key-of-acme").And.NotBe(wagtail!.Subject);
    }

    [Theory]
    [InlineData("key-of-nobody")]
    [InlineData("")]
    public void A_key_that_is_not_configured_is_not_identified(string presented)
    {
        var registry = new ApiKeyRegistry(Options(new ConfiguredApiKey { Hash = ApiKeyHasher.Hash("key-of-acme", Pepper), Owner = "acme" }));

        registry.Identify(presented).Should().BeNull();
    }

    [Fact]
    public void A_key_hashed_with_another_pepper_is_not_identified()
    {
        var registry = new ApiKeyRegistry(Options(new ConfiguredApiKey { Hash = ApiKeyHasher.Hash("key-of-acme", "another-pepper-4567"), Owner = "acme" }));

        registry.Identify("key-of-acme").Should().BeNull();
    }

    [Fact]
    public void Keys_without_a_pepper_are_refused_at_start_with_what_to_do()
    {
        var options = new ProtectionOptions { Keys = [new ConfiguredApiKey { Hash = ApiKeyHasher.Hash("k", Pepper), Owner = "acme" }] };

        var create = () => new ApiKeyRegistry(options);

        create.Should().Throw<ArgumentException>().WithMessage("Protection:Pepper must be set*");
    }

    [Fact]
    public void A_hash_that_is_no_hash_is_refused_with_its_owner_and_how_to_make_one()
    {
        var options = Options(new ConfiguredApiKey { Hash = "plain-text-key", Owner = "acme" });

        options.Validate().Should().Be("Protection:Keys:0:Hash (owner 'acme') is not a key hash: make one with ApiKeyHasher.Hash(key, pepper) (64 hex digits).");
    }

    [Fact]
    public void A_key_of_the_anonymous_class_is_refused()
    {
        var options = Options(new ConfiguredApiKey { Hash = ApiKeyHasher.Hash("k", Pepper), Class = ApiKeyClass.Anonymous, Owner = "acme" });

        options.Validate().Should().Contain("has the class Anonymous");
    }

    [Fact]
    public void Options_without_keys_need_no_pepper()
    {
        new ProtectionOptions().Validate().Should().BeNull();
    }
}
