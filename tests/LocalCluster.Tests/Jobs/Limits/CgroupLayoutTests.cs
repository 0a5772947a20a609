using DynamoMcp.LocalCluster.Jobs.Limits;

namespace DynamoMcp.LocalCluster.Tests.Jobs.Limits;

public sealed class CgroupLayoutTests
{
    [Fact]
    public void A_hybrid_host_gives_the_v1_folders_of_memory_pids_and_cpu_and_the_unified_one()
    {
        const string cgroup = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/a4df\n1:cpu,cpuacct:/jobs\n0::/\n";
        const string mounts =
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
            "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n" +
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
            "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n" +
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

        var layout = CgroupLayout.Parse(cgroup, mounts);

        layout.Unified.Should().Be("/sys/fs/cgroup/unified");
        layout.Legacy.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["memory"] = "/sys/fs/cgroup/memory/process_api/a4df",
            ["pids"] = "/sys/fs/cgroup/pids",
            ["cpu"] = "/sys/fs/cgroup/cpu,cpuacct/jobs",
        });
    }

    [Fact]
    public void A_pure_v2_host_gives_only_the_unified_folder_of_this_process()
    {
        var layout = CgroupLayout.Parse(
            "0::/user.slice/user-1000.slice/session-2.scope\n",
            "25 20 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");

        layout.Unified.Should().Be("/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope");
        layout.Legacy.Should().BeEmpty();
    }

    [Fact]
    public void Inside_a_cgroup_namespace_the_root_cgroup_is_the_mount_point()
    {
        var layout = CgroupLayout.Parse("0::/\n", "900 800 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");

        layout.Unified.Should().Be("/sys/fs/cgroup");
    }

    [Fact]
    public void A_mount_of_a_subtree_maps_paths_below_its_root()
    {
        var layout = CgroupLayout.Parse(
            "4:memory:/kubepods/pod1/ctr\n",
            "50 40 0:32 /kubepods/pod1 /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n");

        layout.Legacy["memory"].Should().Be("/sys/fs/cgroup/memory/ctr");
    }

    [Fact]
    public void No_cgroup_mounts_gives_nothing()
    {
        var layout = CgroupLayout.Parse("", "22 1 0:21 / /proc rw - proc proc rw\n");

        layout.Unified.Should().BeNull();
        layout.Legacy.Should().BeEmpty();
    }
}
