using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace PostmortemSearch.Server;

/// <summary>
/// Runs an upload's parsing and indexing on a dedicated thread whose scheduling priority is lowered (Linux: nice +10 for
/// that thread only), so that while an import runs, searches on the normal-priority thread pool win the CPU. Measured
/// with the load benchmark: the import's CPU, not locks, was what searches waited for (reads never lock). Elsewhere, or
/// when the priority cannot be changed, the work simply runs on its own thread.
/// </summary>
internal static partial class LowPriorityWork
{
    private const int Nice = 10;
    private const int MaxNice = 19;

    /// <summary>
    /// Runs <paramref name="work"/> on a new low-priority thread and waits for it. The caller blocks (an upload is rare
    /// and takes well under seconds) instead of awaiting, because completing a task from the low-priority thread would
    /// queue its continuation there — and a thread-pool thread the pool creates to run it would inherit nice +10, so
    /// searches would end up on lowered threads. <paramref name="work"/> must not use the thread pool, for the same reason.
    /// </summary>
    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            LowerThisThread();
            try
            {
                result = work();
            }
#pragma warning disable CA1031 // The exception is rethrown on the calling thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
        })
        { IsBackground = true, Name = "pmsearch import" };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    /// <summary>
    /// Starts <paramref name="loop"/> on a new long-lived low-priority background thread (the semantic embedder), with
    /// the same rule as <see cref="Run{T}"/>: the loop must not use the thread pool or complete tasks others await.
    /// </summary>
    public static Thread Start(string name, Action loop)
    {
        var thread = new Thread(() =>
        {
            LowerThisThread();
            loop();
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    /// <summary>Whether the last thread started here got its lower priority (for tests and the start-up log).</summary>
    public static bool Lowered { get; private set; }

    private static void LowerThisThread()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // On Linux, PRIO_PROCESS with a thread id sets that thread's nice value alone; raising nice needs no privilege.
            // Relative to what the thread inherited: a server already started under nice still puts imports below itself.
            var tid = GetTid();
            Marshal.SetLastPInvokeError(0);
            var current = GetPriority(0, tid);
            if (current == -1 && Marshal.GetLastPInvokeError() != 0) current = 0;
            Lowered = SetPriority(0, tid, Math.Min(MaxNice, current + Nice)) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Lowered = false;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetTid();
}
