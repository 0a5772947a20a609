using DynamoMcp.PackageDocs.Protection;

namespace DynamoMcp.PackageDocs.Tests.Protection;

public sealed class ApiKeyHasherTests
{
    private const string Pepper = "deployment-pepper-0123";
    private const string Key = "pd_live_4f9a1c2e7b";

    [Fact]
    public void The_hash_is_hmac_sha256_of_the_key_under_the_pepper_in_lowercase_hex()
    {
        // Computed independently: Python's hmac.new(pepper, key, hashlib.sha256).hexdigest().
        ApiKeyHasher.Hash(Key, Pepper).Should().Be("66932cb6a1b9e184c2bc7d6a9ff0551ca45e87fc0d6182e53a34b5726d2a192e");
    }

    [Fact]
    public void Another_pepper_gives_another_hash()
    {
        ApiKeyHasher.Hash(Key, Pepper).Should().NotBe(ApiKeyHasher.Hash(Key, Pepper + "x"));
    }

    [Theory]
    [InlineData(Key, true)]
    [InlineData("pd_live_4f9a1c2e7c", false)]
    [InlineData("", false)]
    public void Verify_accepts_only_the_key_the_hash_was_made_from(string presented, bool expected)
    {
        ApiKeyHasher.Verify(presented, Pepper, ApiKeyHasher.Hash(Key, Pepper)).Should().Be(expected);
    }

    [Fact]
    public void Verify_accepts_the_hash_in_upper_case_and_refuses_what_is_no_hash()
    {
        var hash = ApiKeyHasher.Hash(Key, Pepper);

        ApiKeyHasher.Verify(Key, Pepper, hash.ToUpperInvariant()).Should().BeTrue();
        ApiKeyHasher.Verify(Key, Pepper, hash[..^2]).Should().BeFalse();
        ApiKeyHasher.Verify(Key, Pepper, hash[..^1] + "g").Should().BeFalse();
        ApiKeyHasher.Verify(Key, Pepper, Key).Should().BeFalse();
    }

    [Fact]
    public void Matches_is_false_for_hashes_of_different_length()
    {
        ApiKeyHasher.Matches([1, 2, 3], [1, 2]).Should().BeFalse();
        ApiKeyHasher.Matches([1, 2, 3], [1, 2, 3]).Should().BeTrue();
    }
}
