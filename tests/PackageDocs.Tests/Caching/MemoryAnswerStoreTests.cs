using DynamoMcp.PackageDocs.Caching;

namespace DynamoMcp.PackageDocs.Tests.Caching;

public sealed class MemoryAnswerStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Past_its_capacity_the_store_drops_the_least_recently_used_answer()
    {
        var store = new MemoryAnswerStore(capacity: 2);
        await store.SetAsync("a", new StoredAnswer("1", At), Ct);
        await store.SetAsync("b", new StoredAnswer("2", At), Ct);
        await store.GetAsync("a", Ct); // "b" is now the least recently used

        await store.SetAsync("c", new StoredAnswer("3", At), Ct);

        (await store.GetAsync("a", Ct)).Should().Be(new StoredAnswer("1", At));
        (await store.GetAsync("b", Ct)).Should().BeNull();
        (await store.GetAsync("c", Ct)).Should().Be(new StoredAnswer("3", At));
        store.Count.Should().Be(2);
    }

    [Fact]
    public async Task Replacing_an_answer_keeps_one_entry_for_its_key()
    {
        var store = new MemoryAnswerStore(capacity: 2);
        await store.SetAsync("a", new StoredAnswer("1", At), Ct);
        await store.SetAsync("a", new StoredAnswer("2", At.AddHours(1)), Ct);
        await store.SetAsync("b", new StoredAnswer("3", At), Ct);

        (await store.GetAsync("a", Ct)).Should().Be(new StoredAnswer("2", At.AddHours(1)));
        store.Count.Should().Be(2);
    }

    [Fact]
    public void A_store_without_room_is_refused_with_the_reason()
    {
        var create = () => new MemoryAnswerStore(capacity: 0);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*at least one answer*");
    }
}
