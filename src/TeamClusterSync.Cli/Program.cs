using System.Text;
using TeamClusterSync.Cli;
using TeamClusterSync.Cli.Hosting;

// Caches, journals and kubeconfigs are the user's alone (0700 directories, 0600 files).
PrivateFiles.OwnerOnly(HostSettings.From(Environment.GetEnvironmentVariable).CacheRoot);

// Console.Out flushes every 256 bytes: a long answer (a history of 100,000 lines) would take 40,000 system calls. This
// writer still flushes after each write, so a prompt or a chat reply shows at once.
using var stdout = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = true });
return await CliApp.RunAsync(args, stdout, Console.Error, Console.In);
