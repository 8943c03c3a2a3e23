namespace Neuron.Chaos.Tests;

/// <summary>
/// infra/up after a crash: the pid files a killed process leaves behind must not stop a restart (dockerd's own
/// docker.pid) nor pass for a live process when the pid now belongs to another one (our .local/pids records).
/// </summary>
public sealed class InfraLibTests
{
    private static Task<string> BashAsync(string script) => Command.RunAsync("bash", ["-c", ". infra/lib.sh\n" + script], TimeSpan.FromSeconds(60));

    [Fact]
    public async Task ClearStalePidFile_RemovesAFileNamingADeadPidAZombieOrAnotherProgram_KeepsALiveOne()
    {
        var output = await BashAsync("""
            f=$(mktemp); z=$(mktemp); sleep 30 & p=$!
            echo "$p" >"$f"; clear_stale_pid_file "$f" sleep; [ -f "$f" ] && echo kept-live
            clear_stale_pid_file "$f" dockerd; [ -f "$f" ] || echo removed-other-program
            kill "$p"; wait "$p" 2>/dev/null
            echo "$p" >"$f"; clear_stale_pid_file "$f" sleep; [ -f "$f" ] || echo removed-dead
            # A killed daemon whose parent has not reaped it yet: its child exits under an exec'd sleep that never reaps.
            bash -c "sleep 0 & echo \$! >$z; exec sleep 5" & sleep 1
            cp "$z" "$f"; clear_stale_pid_file "$f" sleep; [ -f "$f" ] || echo removed-zombie
            rm -f "$f" "$z"
            """);

        Assert.Contains("kept-live", output);
        Assert.Contains("removed-other-program", output);
        Assert.Contains("removed-dead", output);
        Assert.Contains("removed-zombie", output);
    }

    [Fact]
    public async Task Running_IsTrueOnlyForTheRecordedProcess_NotForADeadOrReusedPid()
    {
        var output = await BashAsync("""
            name=chaos-probe-$$; f="$NEURON_LOCAL/pids/$name.pid"; sleep 30 & p=$!
            record_pid "$name" "$p"; running "$name" && echo is-live
            echo "$p 1" >"$f"; running "$name" || echo reused-refused; [ -f "$f" ] || echo stale-record-removed
            kill "$p"; wait "$p" 2>/dev/null
            echo "$p" >"$f"; running "$name" || echo dead-refused
            rm -f "$f"
            """);

        Assert.Contains("is-live", output);
        Assert.Contains("reused-refused", output);
        Assert.Contains("stale-record-removed", output);
        Assert.Contains("dead-refused", output);
    }

    [Fact]
    public async Task RegisterRunsc_MergesItsRuntimeIntoDaemonJson_KeepingEveryOtherKey_AndIsIdempotent()
    {
        // A runsc of its own on PATH and a daemon.json of its own (DOCKER_DAEMON_JSON: no dockerd reload).
        var output = await BashAsync("""
            d=$(mktemp -d); printf '#!/bin/sh\n' >"$d/runsc"; chmod +x "$d/runsc"
            printf '{"log-level":"warn","runtimes":{"other":{"path":"/bin/other"}}}' >"$d/daemon.json"
            PATH="$d:$PATH" DOCKER_DAEMON_JSON="$d/daemon.json" infra/register-runsc
            first=$(cat "$d/daemon.json")
            PATH="$d:$PATH" DOCKER_DAEMON_JSON="$d/daemon.json" infra/register-runsc
            [ "$first" = "$(cat "$d/daemon.json")" ] && echo unchanged-on-rerun
            python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["log-level"], sorted(c["runtimes"]), c["runtimes"]["runsc"]["path"].endswith("/runsc"), c["runtimes"]["runsc"]["runtimeArgs"])' "$d/daemon.json"
            rm -rf "$d"
            """);

        Assert.Contains("unchanged-on-rerun", output);
        Assert.Contains("warn ['other', 'runsc'] True ['--network=none', '--host-uds=create', '--platform=ptrace']", output);
    }
}
