namespace PostmortemSearch.Core.Search;

/// <summary>
/// Accumulates documents into raw per-term buffers (doc delta, field mask, per-field tf; positions apart), then
/// <see cref="Finish"/> turns them into a <see cref="Segment"/> with precomputed, quantized BM25F impacts.
/// Single-threaded; one builder per segment.
/// </summary>
internal sealed class SegmentBuilder
{
    public const int FieldCount = 7;
    private const int FieldGap = 100;

    private readonly Analyzer _analyzer;
    private readonly Dictionary<string, int> _termIds;
    private string[] _terms = new string[1024];
    private string[] _display = new string[1024];
    // one struct per term so a posting touches one cache line of metadata
    private TermState[] _state = new TermState[1024];
    private int _termCount;

    private int[] _fieldLens = new int[FieldCount * 1024];
    private int _docCount;

    // per-document scratch
    private int[] _tokTerm = new int[1024];
    private int[] _tokPos = new int[1024];
    private byte[] _tokField = new byte[1024];
    private int _tokCount;
    private byte _field;
    private int[] _slotTerm = new int[256];
    private int[] _slotCount = new int[256];
    private int[] _slotStart = new int[257];
    private int[] _slotFill = new int[256];
    private int[] _slotTf = new int[256 * FieldCount];
    private int[] _posScratch = new int[1024];

    public SegmentBuilder(Analyzer analyzer, int expectedTerms = 1024)
    {
        _analyzer = analyzer;
        _termIds = new Dictionary<string, int>(expectedTerms, StringComparer.Ordinal);
    }

    public int DocCount => _docCount;

    /// <summary>Adds the next document (local id = number of docs added before it).</summary>
    public void Add(DocRecord doc)
    {
        if (_fieldLens.Length < (_docCount + 1) * FieldCount) Array.Resize(ref _fieldLens, _fieldLens.Length * 2);
        _tokCount = 0;
        var position = 0;
        var sink = new Sink(this);
        var starts = doc.TextStarts is null ? new int[doc.Texts.Length] : null;
        for (var i = 0; i < doc.Texts.Length; i++)
        {
            var text = doc.Texts[i];
            if (starts is not null) starts[i] = position;
            _field = (byte)text.Field;
            position = _analyzer.Analyze(text.Text, position, ref sink) + FieldGap;
        }
        // the same on every re-index (analysis is deterministic), so it is set once and then only read
        if (starts is not null) doc.TextStarts = starts;
        FlushDocument();
        _docCount++;
    }

    private readonly struct Sink(SegmentBuilder builder) : ITokenSink
    {
        public void Add(string term, string display, int position, int start, int end, TokenKind kind) => builder.AddToken(term, display, position, kind);
    }

    private void AddToken(string term, string display, int position, TokenKind kind)
    {
        if (!_termIds.TryGetValue(term, out var id))
        {
            id = _termCount++;
            if (id == _terms.Length) GrowTerms();
            _termIds.Add(term, id);
            _terms[id] = term;
            _display[id] = display;
            ref var st = ref _state[id];
            st.Doc = new byte[8];
            st.Pos = new byte[8];
            st.Stamp = -1;
        }
        if (_tokCount == _tokTerm.Length)
        {
            Array.Resize(ref _tokTerm, _tokCount * 2);
            Array.Resize(ref _tokPos, _tokCount * 2);
            Array.Resize(ref _tokField, _tokCount * 2);
        }
        _tokTerm[_tokCount] = id;
        _tokPos[_tokCount] = position;
        _tokField[_tokCount] = _field;
        _tokCount++;
        if (kind == TokenKind.Word) _fieldLens[_docCount * FieldCount + _field]++;
    }

    private void FlushDocument()
    {
        var doc = _docCount;
        var slots = 0;
        for (var k = 0; k < _tokCount; k++)
        {
            ref var st = ref _state[_tokTerm[k]];
            if (st.Stamp != doc)
            {
                st.Stamp = doc;
                if (slots == _slotTerm.Length)
                {
                    Array.Resize(ref _slotTerm, slots * 2);
                    Array.Resize(ref _slotCount, slots * 2);
                    Array.Resize(ref _slotStart, slots * 2 + 1);
                    Array.Resize(ref _slotFill, slots * 2);
                    Array.Resize(ref _slotTf, slots * 2 * FieldCount);
                }
                st.Slot = slots;
                _slotTerm[slots] = _tokTerm[k];
                _slotCount[slots] = 0;
                slots++;
            }
            _slotCount[st.Slot]++;
        }
        var sum = 0;
        for (var s = 0; s < slots; s++)
        {
            _slotStart[s] = sum;
            _slotFill[s] = 0;
            sum += _slotCount[s];
        }
        _slotStart[slots] = sum;
        Array.Clear(_slotTf, 0, slots * FieldCount);
        if (_posScratch.Length < sum) _posScratch = new int[Math.Max(sum, _posScratch.Length * 2)];
        for (var k = 0; k < _tokCount; k++)
        {
            var s = _state[_tokTerm[k]].Slot;
            var pos = _tokPos[k];
            var at = _slotStart[s] + _slotFill[s];
            // the same term twice at one position (an identifier and its part both mapping to one synonym) counts once
            if (_slotFill[s] > 0 && _posScratch[at - 1] == pos) continue;
            _posScratch[at] = pos;
            _slotFill[s]++;
            _slotTf[s * FieldCount + _tokField[k]]++;
        }
        for (var s = 0; s < slots; s++)
        {
            ref var st = ref _state[_slotTerm[s]];
            ref var buf = ref st.Doc;
            ref var len = ref st.DocLen;
            VarInt.Write(ref buf, ref len, doc - st.LastDoc);
            st.LastDoc = doc;
            st.Df++;
            var mask = 0;
            for (var f = 0; f < FieldCount; f++)
                if (_slotTf[s * FieldCount + f] > 0) mask |= 1 << f;
            VarInt.Write(ref buf, ref len, mask);
            for (var f = 0; f < FieldCount; f++)
                if (_slotTf[s * FieldCount + f] is var tf and > 0) VarInt.Write(ref buf, ref len, tf);

            ref var pbuf = ref st.Pos;
            ref var plen = ref st.PosLen;
            var n = _slotFill[s];
            VarInt.Write(ref pbuf, ref plen, n);
            var prev = 0;
            var start = _slotStart[s];
            for (var i = 0; i < n; i++)
            {
                var p = _posScratch[start + i];
                VarInt.Write(ref pbuf, ref plen, p - prev);
                prev = p;
            }
        }
    }

    /// <summary>Average field lengths of the documents added so far.</summary>
    public float[] AverageFieldLengths()
    {
        var avg = new float[FieldCount];
        if (_docCount == 0) return avg;
        for (var d = 0; d < _docCount; d++)
            for (var f = 0; f < FieldCount; f++) avg[f] += _fieldLens[d * FieldCount + f];
        for (var f = 0; f < FieldCount; f++) avg[f] = Math.Max(1f, avg[f] / _docCount);
        return avg;
    }

    public Segment Finish(int baseDoc, float[] avgFieldLengths, SearchIndexOptions options)
    {
        var weights = options.FieldWeights();
        var b = options.B;
        // per doc and field: weight / (1 - b + b·len/avg)
        var norm = new float[_docCount * FieldCount];
        for (var d = 0; d < _docCount; d++)
            for (var f = 0; f < FieldCount; f++)
                norm[d * FieldCount + f] = weights[f] / (1f - b + b * _fieldLens[d * FieldCount + f] / avgFieldLengths[f]);

        var n = _termCount;
        var blockStart = new int[n + 1];
        long rawBytes = 0, posBytes = 0;
        var blocks = 0;
        for (var t = 0; t < n; t++)
        {
            blockStart[t] = blocks;
            blocks += (_state[t].Df + Segment.BlockSize - 1) / Segment.BlockSize;
            rawBytes += _state[t].DocLen;
            posBytes += _state[t].PosLen;
        }
        blockStart[n] = blocks;
        var blockLast = new int[blocks];
        var blockDocOff = new int[blocks];
        var blockPosOff = new int[blocks];
        var blockMax = new byte[blocks];
        var termMax = new byte[n];
        var termDf = new int[n];
        var docPool = new byte[rawBytes + 8];
        var posPool = new byte[posBytes];
        var docLen = 0;
        var posLen = 0;
        var bi = 0;
        for (var t = 0; t < n; t++)
        {
            ref var st = ref _state[t];
            var raw = st.Doc;
            var pbuf = st.Pos;
            var rOff = 0;
            var pOff = 0;
            var doc = 0;
            var prevWritten = 0;
            byte tmax = 0;
            var df = st.Df;
            termDf[t] = df;
            Buffer.BlockCopy(pbuf, 0, posPool, posLen, st.PosLen);
            for (var i = 0; i < df; i++)
            {
                if (i % Segment.BlockSize == 0)
                {
                    if (i > 0) bi++;
                    blockDocOff[bi] = docLen;
                    blockPosOff[bi] = posLen + pOff;
                }
                doc += VarInt.Read(raw, ref rOff);
                var mask = VarInt.Read(raw, ref rOff);
                var ptf = 0f;
                for (var f = 0; f < FieldCount; f++)
                    if ((mask & (1 << f)) != 0) ptf += VarInt.Read(raw, ref rOff) * norm[doc * FieldCount + f];
                var q = Impact.Quantize(ptf);
                WriteVarInt(docPool, ref docLen, doc - prevWritten);
                docPool[docLen++] = q;
                prevWritten = doc;
                blockLast[bi] = doc;
                if (q > blockMax[bi]) blockMax[bi] = q;
                if (q > tmax) tmax = q;
                var np = VarInt.Read(pbuf, ref pOff);
                for (var k = 0; k < np; k++) VarInt.Read(pbuf, ref pOff);
            }
            if (df > 0) bi++;
            termMax[t] = tmax;
            posLen += st.PosLen;
            st.Doc = null!;
            st.Pos = null!;
        }

        return new Segment
        {
            Base = baseDoc,
            DocCount = _docCount,
            TermIds = _termIds,
            Terms = _terms[..n],
            Display = _display[..n],
            Df = termDf,
            TermBlockStart = blockStart,
            TermMaxQ = termMax,
            BlockLastDoc = blockLast,
            BlockDocOffset = blockDocOff,
            BlockPosOffset = blockPosOff,
            BlockMaxQ = blockMax,
            DocPool = docPool.Length - docLen > 1 << 16 ? docPool[..docLen] : docPool,
            PosPool = posPool,
        };
    }

    private static void WriteVarInt(byte[] buffer, ref int length, int value)
    {
        var v = (uint)value;
        while (v >= 0x80)
        {
            buffer[length++] = (byte)(v | 0x80);
            v >>= 7;
        }
        buffer[length++] = (byte)v;
    }

    private void GrowTerms()
    {
        var size = _terms.Length * 2;
        Array.Resize(ref _terms, size);
        Array.Resize(ref _display, size);
        Array.Resize(ref _state, size);
    }

    private struct TermState
    {
        public byte[] Doc;
        public byte[] Pos;
        public int DocLen;
        public int PosLen;
        public int LastDoc;
        public int Df;
        public int Stamp;
        public int Slot;
    }
}
