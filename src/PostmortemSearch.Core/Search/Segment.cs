using System.Runtime.CompilerServices;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// An immutable slice of the inverted index over a contiguous range of doc ids [Base, Base + DocCount).
/// Per term: postings in blocks of 128 — doc deltas (varint) each followed by one byte, the quantized BM25F
/// pseudo term frequency (field weights and length normalisation already applied) — plus positions in a
/// separate pool. Per block: last doc, byte offsets and the block's max impact, for skipping.
/// </summary>
internal sealed class Segment
{
    public const int BlockSize = 128;

    public required int Base { get; init; }
    public required int DocCount { get; init; }
    public required Dictionary<string, int> TermIds { get; init; }
    public required string[] Terms { get; init; }
    /// <summary>A surface form seen for each term (for "did you mean" and "shared terms").</summary>
    public required string[] Display { get; init; }
    public required int[] Df { get; init; }
    /// <summary>Index of each term's first block; one extra entry at the end.</summary>
    public required int[] TermBlockStart { get; init; }
    public required byte[] TermMaxQ { get; init; }
    public required int[] BlockLastDoc { get; init; }
    public required int[] BlockDocOffset { get; init; }
    public required int[] BlockPosOffset { get; init; }
    public required byte[] BlockMaxQ { get; init; }
    public required byte[] DocPool { get; init; }
    public required byte[] PosPool { get; init; }

    private int[]? _sortedTerms;

    public int TermCount => Terms.Length;

    /// <summary>Term ids ordered by term text (ordinal), built on first use (prefix queries, spelling).</summary>
    public int[] SortedTermIds()
    {
        if (_sortedTerms is { } s) return s;
        var ids = new int[Terms.Length];
        for (var i = 0; i < ids.Length; i++) ids[i] = i;
        var keys = (string[])Terms.Clone();
        Array.Sort(keys, ids, StringComparer.Ordinal);
        return _sortedTerms = ids;
    }

    /// <summary>The first position in <see cref="SortedTermIds"/> whose term is not ordinally before <paramref name="key"/>; the terms starting with a prefix follow it.</summary>
    public int LowerBound(string key)
    {
        var sorted = SortedTermIds();
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(Terms[sorted[mid]], key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    public long ApproximateBytes =>
        DocPool.LongLength + PosPool.LongLength + (BlockLastDoc.LongLength * 13) + (Terms.LongLength * 4 * 4) + TermIds.Count * 24L;

    /// <summary>Positions of a term in a local doc, or null if the term does not occur there.</summary>
    public int[]? Positions(int term, int localDoc)
    {
        var first = TermBlockStart[term];
        var last = TermBlockStart[term + 1];
        var b = first;
        while (b < last && BlockLastDoc[b] < localDoc) b++;
        if (b == last) return null;
        var count = b == last - 1 ? Df[term] - (b - first) * BlockSize : BlockSize;
        var prev = b == first ? 0 : BlockLastDoc[b - 1];
        var off = BlockDocOffset[b];
        var index = -1;
        for (var i = 0; i < count; i++)
        {
            var doc = prev + VarInt.Read(DocPool, ref off);
            off++;
            if (doc == localDoc) { index = i; break; }
            if (doc > localDoc) return null;
            prev = doc;
        }
        if (index < 0) return null;
        var p = BlockPosOffset[b];
        for (var i = 0; i < index; i++)
        {
            var n = VarInt.Read(PosPool, ref p);
            for (var k = 0; k < n; k++) VarInt.Read(PosPool, ref p);
        }
        var len = VarInt.Read(PosPool, ref p);
        var result = new int[len];
        var pos = 0;
        for (var k = 0; k < len; k++) result[k] = pos += VarInt.Read(PosPool, ref p);
        return result;
    }
}

/// <summary>Walks one term's postings in one segment; <see cref="Doc"/> is a global doc id, <see cref="NoMoreDocs"/> at the end.</summary>
internal sealed class PostingCursor
{
    public const int NoMoreDocs = int.MaxValue;

    private readonly Segment _segment;
    private readonly int _firstBlock;
    private readonly int _endBlock;
    private readonly int _df;
    private readonly int[] _docs = new int[Segment.BlockSize];
    private readonly byte[] _qs = new byte[Segment.BlockSize];
    private int _block;
    private int _count;
    private int _index;

    public int Doc;
    /// <summary>Per-impact score of this term (weight × idf × BM25 saturation), indexed by the posting's byte.</summary>
    public readonly float[] Table;
    public readonly float UpperBound;
    public readonly int Term;

    public PostingCursor(Segment segment, int term, float[] table)
    {
        _segment = segment;
        Term = term;
        Table = table;
        _firstBlock = segment.TermBlockStart[term];
        _endBlock = segment.TermBlockStart[term + 1];
        _df = segment.Df[term];
        UpperBound = table[segment.TermMaxQ[term]];
        _block = _firstBlock - 1;
        LoadBlock(_firstBlock);
    }

    public float Score
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Table[_qs[_index]];
    }

    public float BlockUpperBound => Table[_segment.BlockMaxQ[_block]];
    public int BlockLastDoc => _block < _endBlock ? _segment.BlockLastDoc[_block] + _segment.Base : NoMoreDocs;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextDoc()
    {
        if (++_index < _count) return Doc = _docs[_index];
        return LoadBlock(_block + 1);
    }

    /// <summary>Moves to the first doc ≥ <paramref name="target"/>.</summary>
    public int Advance(int target)
    {
        if (Doc >= target) return Doc;
        var localTarget = target - _segment.Base;
        var lastDocs = _segment.BlockLastDoc;
        if (lastDocs[_block] < localTarget)
        {
            var b = _block + 1;
            while (b < _endBlock && lastDocs[b] < localTarget) b++;
            if (LoadBlock(b) == NoMoreDocs) return NoMoreDocs;
        }
        var docs = _docs;
        var i = _index;
        while (docs[i] < target) i++;
        _index = i;
        return Doc = docs[i];
    }

    /// <summary>Skips whole blocks whose last doc is below <paramref name="target"/> without decoding; returns the block's last doc.</summary>
    public int ShallowAdvance(int target)
    {
        var localTarget = target - _segment.Base;
        var lastDocs = _segment.BlockLastDoc;
        if (_block >= _endBlock) return NoMoreDocs;
        if (lastDocs[_block] >= localTarget) return lastDocs[_block] + _segment.Base;
        var b = _block + 1;
        while (b < _endBlock && lastDocs[b] < localTarget) b++;
        if (LoadBlock(b) == NoMoreDocs) return NoMoreDocs;
        return lastDocs[b] + _segment.Base;
    }

    private int LoadBlock(int b)
    {
        _block = b;
        if (b >= _endBlock)
        {
            _count = 0;
            _index = 0;
            return Doc = NoMoreDocs;
        }
        var seg = _segment;
        var count = b == _endBlock - 1 ? _df - (b - _firstBlock) * Segment.BlockSize : Segment.BlockSize;
        var prev = b == _firstBlock ? 0 : seg.BlockLastDoc[b - 1];
        var pool = seg.DocPool;
        var off = seg.BlockDocOffset[b];
        var baseDoc = seg.Base;
        var docs = _docs;
        var qs = _qs;
        for (var i = 0; i < count; i++)
        {
            int delta = pool[off++];
            if (delta >= 0x80)
            {
                delta &= 0x7F;
                var shift = 7;
                byte x;
                do
                {
                    x = pool[off++];
                    delta |= (x & 0x7F) << shift;
                    shift += 7;
                } while (x >= 0x80);
            }
            prev += delta;
            docs[i] = prev + baseDoc;
            qs[i] = pool[off++];
        }
        _count = count;
        _index = 0;
        return Doc = docs[0];
    }
}

internal static class VarInt
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Read(byte[] buffer, ref int offset)
    {
        int b = buffer[offset++];
        if (b < 0x80) return b;
        var value = b & 0x7F;
        var shift = 7;
        do
        {
            b = buffer[offset++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while (b >= 0x80);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ref byte[] buffer, ref int length, int value)
    {
        if (buffer.Length - length < 5) Array.Resize(ref buffer, Math.Max(16, buffer.Length * 2));
        var v = (uint)value;
        while (v >= 0x80)
        {
            buffer[length++] = (byte)(v | 0x80);
            v >>= 7;
        }
        buffer[length++] = (byte)v;
    }
}

/// <summary>BM25F impact quantization: one byte per posting, ~3% steps on a log scale.</summary>
internal static class Impact
{
    public static readonly float[] Dequantized = CreateTable();

    public static byte Quantize(float pseudoTf)
    {
        var q = (int)MathF.Round(MathF.Log2(1f + pseudoTf) * 24f);
        return (byte)Math.Clamp(q, 1, 255);
    }

    private static float[] CreateTable()
    {
        var t = new float[256];
        for (var q = 0; q < 256; q++) t[q] = MathF.Pow(2f, q / 24f) - 1f;
        return t;
    }

    /// <summary>weight × idf × (k1+1)·tf/(k1+tf) for every impact byte.</summary>
    public static float[] ScoreTable(float weightTimesIdf, float k1)
    {
        var t = new float[256];
        for (var q = 1; q < 256; q++)
        {
            var tf = Dequantized[q];
            t[q] = weightTimesIdf * (k1 + 1f) * tf / (k1 + tf);
        }
        return t;
    }
}
