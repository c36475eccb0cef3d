using System.Diagnostics;
using LibGit2Sharp;

namespace TeamClusterSync.Git.Remotes;

/// <summary>
/// A libgit2 smart subtransport that pushes to a local repo by running <c>git receive-pack</c>, the way ssh
/// would on a server. That gives local remotes what a real server gives: the ref is updated only if it still
/// has the value the client saw (the compare-and-swap the store relies on), hooks run, and the reflog records it.
/// Only push is routed here; fetches keep libgit2's fast local transport.
/// </summary>
internal sealed class LocalReceivePackTransport : SmartSubtransport
{
    private const string Scheme = "tcs-receive-pack";
    private static readonly Lock RegistrationLock = new();
    private static bool registered;

    private ProcessStream? current;

    public static string UrlFor(string path)
    {
        EnsureRegistered();
        return $"{Scheme}://{path}";
    }

    protected override SmartSubtransportStream Action(string url, GitSmartSubtransportAction action)
    {
        switch (action)
        {
            case GitSmartSubtransportAction.ReceivePackList:
                current?.Close();
                current = ProcessStream.Start(this, url[(Scheme.Length + 3)..]);
                return current;
            case GitSmartSubtransportAction.ReceivePack:
                return current ?? throw new InvalidOperationException("receive-pack was not started");
            default:
                throw new NotSupportedException($"{Scheme} only pushes; fetch from the plain path instead");
        }
    }

    protected override void Close()
    {
        current?.Close();
        current = null;
        base.Close();
    }

    private static void EnsureRegistered()
    {
        lock (RegistrationLock)
        {
            if (!registered)
            {
                GlobalSettings.RegisterSmartSubtransport<LocalReceivePackTransport>(Scheme);
                registered = true;
            }
        }
    }

    /// <summary>The pipes of one <c>git receive-pack</c> process.</summary>
    private sealed class ProcessStream : SmartSubtransportStream
    {
        private readonly Process process;
        private readonly Task<string> stderr;

        private ProcessStream(SmartSubtransport owner, Process process)
            : base(owner)
        {
            this.process = process;
            stderr = process.StandardError.ReadToEndAsync();
        }

        public static ProcessStream Start(SmartSubtransport owner, string path)
        {
            var info = new ProcessStartInfo("git")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("receive-pack");
            info.ArgumentList.Add(path);
            info.Environment.Remove("GIT_DIR");
            info.Environment.Remove("GIT_PROTOCOL");
            try
            {
                return new ProcessStream(owner, Process.Start(info)!);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("pushing to a local repo needs the 'git' command on PATH", e);
            }
        }

        public override int Read(Stream dataStream, long length, out long bytesRead)
        {
            var buffer = new byte[(int)Math.Min(length, 64 * 1024)];
            var read = process.StandardOutput.BaseStream.Read(buffer, 0, buffer.Length);
            if (read == 0 && process.HasExited && process.ExitCode != 0)
            {
                throw new InvalidOperationException($"git receive-pack exited with {process.ExitCode}: {stderr.Result.Trim()}");
            }

            dataStream.Write(buffer, 0, read);
            bytesRead = read;
            return 0;
        }

        public override int Write(Stream dataStream, long length)
        {
            var input = process.StandardInput.BaseStream;
            var buffer = new byte[64 * 1024];
            while (length > 0)
            {
                var read = dataStream.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
                if (read == 0)
                {
                    break;
                }

                input.Write(buffer, 0, read);
                length -= read;
            }

            input.Flush();
            return 0;
        }

        public void Close()
        {
            try
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }
            catch (IOException)
            {
            }
        }

        protected override void Free()
        {
            Close();
            process.Dispose();
            base.Free();
        }
    }
}
