using DynamoMcp.LocalCluster.Jobs;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

public sealed class ContainerLaunchBuilderTests
{
    private static readonly SandboxHost Host = new()
    {
        BubblewrapPath = "/usr/bin/bwrap",
        SystemDirectories = ["/usr"],
        SystemSymlinks = new Dictionary<string, string> { ["/bin"] = "usr/bin", ["/lib"] = "usr/lib" },
        EtcEntries = ["/etc/passwd"],
    };

    private static V1Container Container(Action<V1Container>? change = null)
    {
        var container = new V1Container { Name = "main", Image = "busybox:1.36", Command = ["sh", "-c"], Args = ["echo hi"] };
        change?.Invoke(container);
        return container;
    }

    private static List<string> Args(ContainerLaunch launch) => [.. launch.Arguments];

    [Fact]
    public void Sandbox_isolates_every_namespace_and_runs_the_command_after_the_separator()
    {
        var launch = ContainerLaunchBuilder.Build("pod-a", Container(), null, [], [], null, Host, "/scratch");

        launch.FileName.Should().Be("/usr/bin/bwrap");
        launch.Sandboxed.Should().BeTrue();
        var args = Args(launch);
        args.Should().Contain(["--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session", "--as-pid-1"]);
        args.Should().ContainInConsecutiveOrder("--cap-drop", "ALL");
        args.Should().ContainInConsecutiveOrder("--ro-bind", "/usr", "/usr");
        args.Should().ContainInConsecutiveOrder("--symlink", "usr/bin", "/bin");
        args.Should().ContainInConsecutiveOrder("--ro-bind-try", "/etc/passwd", "/etc/passwd");
        args.Should().ContainInConsecutiveOrder("--tmpfs", "/tmp");
        args.Should().ContainInConsecutiveOrder("--hostname", "pod-a");
        args.Should().NotContain("--bind", "nothing writable from the host without a volume");
        args.Should().NotContain("--remount-ro");
        args.Skip(args.IndexOf("--") + 1).Should().Equal("sh", "-c", "echo hi");
    }

    [Fact]
    public void Network_is_shared_only_for_images_that_allow_it()
    {
        var image = new LocalImage { Entrypoint = ["/usr/bin/true"], AllowNetwork = true };

        Args(ContainerLaunchBuilder.Build("p", Container(), null, [], [], image, Host, "/s")).Should().NotContain("--unshare-net");
        Args(ContainerLaunchBuilder.Build("p", Container(), null, [], [], new LocalImage { Entrypoint = ["x"] }, Host, "/s"))
            .Should().Contain("--unshare-net");
    }

    [Fact]
    public void On_the_user_mode_network_a_container_keeps_its_own_namespace_names_slirps_dns_and_waits_for_the_route()
    {
        var image = new LocalImage { Entrypoint = ["/usr/bin/true"], AllowNetwork = true };
        var host = Host with { Slirp4netnsPath = "/usr/bin/slirp4netns", UserNetworkResolvConf = "/state/resolv.conf" };

        var args = Args(ContainerLaunchBuilder.Build("p", Container(), null, [], [], image, host, "/s", userModeNetwork: true));

        args.Should().Contain("--unshare-net");
        args.Should().ContainInConsecutiveOrder("--ro-bind", "/state/resolv.conf", "/etc/resolv.conf");
        args.IndexOf("/state/resolv.conf").Should().BeGreaterThan(args.IndexOf("/etc/passwd"), "bound over the host's resolv.conf, after the /etc entries");
        var command = args.Skip(args.IndexOf("--") + 1).ToList();
        command[..2].Should().Equal("/bin/sh", "-c");
        command[2].Should().Contain("tap0").And.Contain("/proc/net/route").And.EndWith("exec \"$@\"");
        command[3..].Should().Equal("sh", "sh", "-c", "echo hi");

        Args(ContainerLaunchBuilder.Build("p", Container(), null, [], [], image, Host, "/s", userModeNetwork: true))
            .Should().NotContain("--unshare-net", "without slirp4netns the container shares the host's network");
        Args(ContainerLaunchBuilder.Build("p", Container(), null, [], [], new LocalImage { Entrypoint = ["x"] }, host, "/s", userModeNetwork: true))
            .Should().Contain("--unshare-net").And.NotContain("/state/resolv.conf", "an image without network stays on loopback alone");
    }

    [Fact]
    public void Network_can_be_limited_to_named_containers_of_an_image()
    {
        var image = new LocalImage { Entrypoint = ["/usr/bin/true"], AllowNetwork = true, NetworkContainers = new HashSet<string> { "fetch" } };

        Args(ContainerLaunchBuilder.Build("p", Container(c => c.Name = "fetch"), null, [], [], image, Host, "/s")).Should().NotContain("--unshare-net");
        Args(ContainerLaunchBuilder.Build("p", Container(c => c.Name = "render"), null, [], [], image, Host, "/s")).Should().Contain("--unshare-net");
    }

    [Fact]
    public void Volumes_are_bound_at_mount_paths_writable_or_read_only_shallow_first()
    {
        SandboxMount[] mounts =
        [
            new("/host/cfg", "/work/config", true),
            new("/host/work", "/work", false),
        ];

        var args = Args(ContainerLaunchBuilder.Build("p", Container(c => c.WorkingDir = "/work"), null, [], mounts, null, Host, "/s"));

        var work = args.IndexOf("/host/work");
        var config = args.IndexOf("/host/cfg");
        args[work - 1].Should().Be("--bind");
        args[config - 1].Should().Be("--ro-bind");
        work.Should().BeLessThan(config, "a mount inside another must come after it");
        args.Should().NotContain("--dir", "the working directory is a volume");
        args.Should().ContainInConsecutiveOrder("--chdir", "/work");
    }

    [Fact]
    public void Image_binds_under_a_volume_stay_visible()
    {
        // A local template folder under /tmp while the pod mounts an emptyDir at /tmp (what sandbox pods do).
        var image = new LocalImage { Entrypoint = ["/usr/bin/python3"], ReadOnlyBinds = new Dictionary<string, string> { ["/tmp/templates"] = "/tmp/templates" } };
        SandboxMount[] mounts = [new("/host/volumes/tmp", "/tmp", false)];

        var args = Args(ContainerLaunchBuilder.Build("p", Container(), null, [], mounts, image, Host, "/s"));

        args.IndexOf("/host/volumes/tmp").Should().BeLessThan(args.IndexOf("/tmp/templates"), "the deeper bind must be mounted after the volume that contains it");
    }

    [Fact]
    public void Read_only_root_filesystem_remounts_root_after_creating_the_working_directory()
    {
        var container = Container(c =>
        {
            c.WorkingDir = "/app";
            c.SecurityContext = new V1SecurityContext { ReadOnlyRootFilesystem = true, RunAsUser = 1000, RunAsGroup = 2000 };
        });

        var args = Args(ContainerLaunchBuilder.Build("p", container, null, [], [], null, Host, "/s"));

        args.IndexOf("--dir").Should().BeLessThan(args.IndexOf("--remount-ro"));
        args.Should().ContainInConsecutiveOrder("--remount-ro", "/");
        args.Should().ContainInConsecutiveOrder("--uid", "1000");
        args.Should().ContainInConsecutiveOrder("--gid", "2000");
    }

    [Fact]
    public void Environment_is_the_containers_own_and_kept_out_of_the_arguments()
    {
        KeyValuePair<string, string>[] env = [new("TOKEN", "s3cret"), new("PATH", "/opt/bin")];
        var image = new LocalImage { Entrypoint = ["/usr/bin/python3", "/img/entry.py"], Environment = new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["TOKEN"] = "image" } };

        var launch = ContainerLaunchBuilder.Build("pod-x", Container(c => c.Command = null), null, env, [], image, Host, "/s");

        launch.Environment.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["TOKEN"] = "s3cret", ["PATH"] = "/opt/bin", ["LANG"] = "C.UTF-8", ["HOSTNAME"] = "pod-x", ["HOME"] = "/tmp",
        });
        launch.Arguments.Should().NotContain(a => a.Contains("s3cret"), "argv is world-readable on the host");
        Args(launch).Skip(Args(launch).IndexOf("--") + 1).Should().Equal("/usr/bin/python3", "/img/entry.py", "echo hi");
    }

    [Fact]
    public void Without_a_sandbox_the_command_runs_directly()
    {
        var launch = ContainerLaunchBuilder.Build("p", Container(), null, [], [], null, null, "/scratch");

        launch.Sandboxed.Should().BeFalse();
        launch.FileName.Should().Be("sh");
        launch.Arguments.Should().Equal("-c", "echo hi");
        launch.WorkingDirectory.Should().Be("/scratch");
    }

    [Fact]
    public void A_container_without_command_of_an_unmapped_image_cannot_start()
    {
        var act = () => ContainerLaunchBuilder.Build("p", Container(c => c.Command = null), null, [], [], null, Host, "/s");

        act.Should().Throw<ContainerConfigException>().Which.Message.Should().Contain("LocalJobRunnerOptions.Images");
    }
}
