using System.Diagnostics.Tracing;

namespace PostmortemSearch.Benchmarks.Load;

/// <summary>
/// Every stop-the-world GC pause of this process while it is alive (runtime events GCSuspendEEBegin → GCRestartEEEnd),
/// so the report can say how much of a latency tail is the collector. Events arrive on the listener's own thread.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int SuspendBegin = 9, RestartEnd = 3;

    private readonly List<double> _pausesMs = [];
    private DateTime? _suspendedAt;
    private readonly int[] _gen0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId == SuspendBegin) _suspendedAt = e.TimeStamp;
        else if (e.EventId == RestartEnd && _suspendedAt is { } at)
        {
            lock (_pausesMs) _pausesMs.Add((e.TimeStamp - at).TotalMilliseconds);
            _suspendedAt = null;
        }
    }

    /// <summary>"gen0 N, gen1 N, gen2 N; pauses n, total ms, p99 ms, max ms" since construction.</summary>
    public string Summary()
    {
        double[] p;
        lock (_pausesMs) p = [.. _pausesMs];
        Array.Sort(p);
        var counts = $"gen0 {GC.CollectionCount(0) - _gen0[0]}, gen1 {GC.CollectionCount(1) - _gen0[1]}, gen2 {GC.CollectionCount(2) - _gen0[2]}";
        if (p.Length == 0) return counts + "; no pauses seen";
        var p99 = p[Math.Clamp((int)Math.Ceiling(0.99 * p.Length) - 1, 0, p.Length - 1)];
        return System.FormattableString.Invariant($"{counts}; {p.Length} pauses, total {p.Sum():F0} ms, p99 {p99:F1} ms, max {p[^1]:F1} ms");
    }
}
