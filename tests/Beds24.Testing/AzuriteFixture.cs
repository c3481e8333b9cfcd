using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Beds24Sync.Storage;

namespace Beds24.Testing;

/// <summary>
/// Starts Azurite (npm package, in memory, loopback, dynamic ports) for a test assembly and stops it afterwards.
/// It FAILS when Azurite cannot start: integration tests never silently skip. The README's test command installs
/// Azurite and sets AZURITE_JS; a developer can also run `npm install --prefix .tools/azurite azurite@3.37.0`.
/// Azurite never outlives the tests: it is killed on dispose and at process exit, and it exits by itself when the
/// test process dies without either (a crash, kill -9), because it watches its parent.
/// </summary>
public partial class AzuriteFixture : IAsyncLifetime
{
    // Azurite's well-known development account (public, documented; not a secret).
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;
    private string? _pidFile;

    public string ConnectionString { get; private set; } = "";

    public Uri QueueEndpoint { get; private set; } = null!;

    public Uri TableEndpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var script = FindAzurite() ?? throw new InvalidOperationException(
            "Azurite is not installed (looked at AZURITE_JS, <repo>/.tools/azurite and /tmp/azurite-cache). Run the README's " +
            "test command (scripts/test.sh), which installs it, or `npm install --prefix .tools/azurite --no-save azurite@3.37.0`, " +
            "or set AZURITE_JS to .../node_modules/azurite/dist/src/azurite.js.");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--require", WriteParentWatch(), script, "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--inMemoryPersistence",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", "0", "--queuePort", "0", "--tablePort", "0",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start Azurite: Node.js ('node') is not on PATH ({ex.Message}). Install Node.js 20+ and run scripts/test.sh.", ex);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        RecordPid(_process.Id);

        string? queue = null, table = null, blob = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (queue is null || table is null || blob is null)
            {
                var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    var error = await _process.StandardError.ReadToEndAsync(timeout.Token);
                    throw new InvalidOperationException($"Azurite exited before it was ready: {error}");
                }

                var match = ListeningAt().Match(line);
                if (match.Success)
                {
                    var url = match.Groups["url"].Value;
                    if (line.Contains("Queue", StringComparison.OrdinalIgnoreCase)) queue = url;
                    else if (line.Contains("Table", StringComparison.OrdinalIgnoreCase)) table = url;
                    else if (line.Contains("Blob", StringComparison.OrdinalIgnoreCase)) blob = url;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Stop();
            throw new InvalidOperationException("Azurite did not report its ports within 60 s.");
        }
        catch
        {
            Stop(); // xUnit does not dispose a fixture whose start failed
            throw;
        }

        // Keep draining output so Azurite never blocks on a full pipe.
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        QueueEndpoint = new Uri($"{queue}/{AccountName}");
        TableEndpoint = new Uri($"{table}/{AccountName}");
        // Blobs too: the Durable Task Azure Storage backend keeps its leases and large messages there.
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={blob}/{AccountName};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";
    }

    /// <summary>
    /// Freeze Azurite (SIGSTOP) for <paramref name="outage"/>, then let it go on (SIGCONT): storage unreachable for a
    /// while without losing data, as an Azure Storage outage looks to the app. (A killed Azurite loses what it had not
    /// saved yet, which real storage never does, so a kill-and-restart would test Azurite rather than the app.)
    /// </summary>
    public async Task PauseAsync(TimeSpan outage)
    {
        var pid = _process?.Id ?? throw new InvalidOperationException("Azurite is not running.");
        Signal("STOP", pid);
        try
        {
            await Task.Delay(outage);
        }
        finally
        {
            Signal("CONT", pid);
        }
    }

    public QueueServiceClient CreateQueueServiceClient() =>
        new(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public TableServiceClient CreateTableServiceClient() => new(ConnectionString);

    /// <summary>
    /// Delete every queue and table (those of docs/ARCHITECTURE.md §3 and any other a test made) and recreate the ones of
    /// <see cref="StorageNames"/>, so each test starts from empty storage with the production layout.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        var queues = CreateQueueServiceClient();
        await foreach (var queue in queues.GetQueuesAsync(cancellationToken: cancellationToken))
        {
            await queues.DeleteQueueAsync(queue.Name, cancellationToken);
        }

        foreach (var name in StorageNames.Queues.All)
        {
            await queues.CreateQueueAsync(name, cancellationToken: cancellationToken);
        }

        var tables = CreateTableServiceClient();
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken))
        {
            await tables.DeleteTableAsync(table.Name, cancellationToken);
        }

        foreach (var name in StorageNames.Tables.All.Concat(StorageNames.Tables.Internal))
        {
            await tables.CreateTableAsync(name, cancellationToken);
        }
    }

    /// <summary><see cref="ResetAsync"/>, then the engine's storage clients on this Azurite.</summary>
    public async Task<StorageClients> ResetStorageAsync(CancellationToken cancellationToken = default)
    {
        await ResetAsync(cancellationToken);
        return new StorageClients(Microsoft.Extensions.Options.Options.Create(new StorageOptions { ConnectionString = ConnectionString }));
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    private void Stop()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        if (_pidFile is not null)
        {
            File.Delete(_pidFile);
        }
    }

    /// <summary>
    /// Leaves the PID where scripts/test.sh can find it (BEDS24_TEST_PIDS), so the script's exit trap kills exactly
    /// the Azurite processes the tests started, and no one else's.
    /// </summary>
    private void RecordPid(int pid)
    {
        if (Environment.GetEnvironmentVariable("BEDS24_TEST_PIDS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            _pidFile = Path.Combine(dir, $"azurite-{pid}.pid");
            File.WriteAllText(_pidFile, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A Node preload that ends Azurite when its parent (this test process) is gone, even after kill -9.</summary>
    private static string WriteParentWatch()
    {
        var path = Path.Combine(Path.GetTempPath(), "beds24-azurite-parent-watch.js");
        const string script = """
            // Written by Beds24.Testing.AzuriteFixture: exit when the test process that started Azurite has gone.
            const parent = process.ppid;
            setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 1000).unref();
            """;
        if (!File.Exists(path) || File.ReadAllText(path) != script)
        {
            var temp = path + "." + Environment.ProcessId;
            File.WriteAllText(temp, script);
            File.Move(temp, path, overwrite: true);
        }

        return path;
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit(5000);
    }

    private static string? FindAzurite()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("AZURITE_JS") is { Length: > 0 } fromEnv)
        {
            candidates.Add(fromEnv);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, ".tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js"));
        }

        // Test output may live outside the repo (BEDS24_ARTIFACTS): also look above the working directory.
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, ".tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js"));
        }

        // The developer machine's shared copy.
        candidates.Add(Path.Combine(Path.GetTempPath(), "azurite-cache", "node_modules", "azurite", "dist", "src", "azurite.js"));
        candidates.Add("/tmp/azurite-cache/node_modules/azurite/dist/src/azurite.js");
        return candidates.FirstOrDefault(File.Exists);
    }

    [GeneratedRegex(@"listening at (?<url>http://127\.0\.0\.1:\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex ListeningAt();
}
