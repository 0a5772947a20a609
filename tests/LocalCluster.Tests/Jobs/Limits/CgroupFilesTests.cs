using DynamoMcp.LocalCluster.Jobs.Limits;

namespace DynamoMcp.LocalCluster.Tests.Jobs.Limits;

public sealed class CgroupFilesTests
{
    private static readonly ContainerLimits Chart = new(CpuMillis: 1000, MemoryBytes: 512L << 20, EphemeralStorageBytes: 1L << 30, Pids: 1024);

    [Fact]
    public void Cgroup_v2_gets_memory_without_swap_group_oom_kill_pids_and_a_cfs_quota()
    {
        CgroupFiles.Limits(2, Chart).Should().Equal(
            ("", "memory.max", "536870912"),
            ("", "memory.swap.max", "0"),
            ("", "memory.oom.group", "1"),
            ("", "pids.max", "1024"),
            ("", "cpu.max", "100000 100000"));
    }

    [Fact]
    public void Cgroup_v1_gets_memory_and_memsw_pids_and_period_before_quota()
    {
        CgroupFiles.Limits(1, Chart with { CpuMillis = 250 }).Should().Equal(
            ("memory", "memory.limit_in_bytes", "536870912"),
            ("memory", "memory.memsw.limit_in_bytes", "536870912"),
            ("pids", "pids.max", "1024"),
            ("cpu", "cpu.cfs_period_us", "100000"),
            ("cpu", "cpu.cfs_quota_us", "25000"));
    }

    [Fact]
    public void The_quota_never_goes_below_the_kernels_minimum_and_unset_limits_write_nothing()
    {
        CgroupFiles.Limits(2, ContainerLimits.None with { CpuMillis = 1 }).Should().Equal(("", "cpu.max", "1000 100000"));
        CgroupFiles.Limits(1, ContainerLimits.None).Should().BeEmpty();
    }

    [Theory]
    [InlineData("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", 3)]
    [InlineData("low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 1\n", 1)]
    [InlineData("oom_kill_disable 0\nunder_oom 0\n", 0)]
    [InlineData("", 0)]
    public void The_oom_kill_count_is_read_from_either_file(string text, long expected) =>
        CgroupFiles.OomKills(text).Should().Be(expected);
}
