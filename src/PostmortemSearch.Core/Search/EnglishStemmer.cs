namespace PostmortemSearch.Core.Search;

/// <summary>
/// The Porter2 ("Snowball English") stemmer, written from the published algorithm description.
/// Input must already be lower-case; the result is the stem. Thread-safe and allocation-light (one string per call).
/// </summary>
internal static class EnglishStemmer
{
    private static readonly Dictionary<string, string> Exceptions1 = new(StringComparer.Ordinal)
    {
        ["skis"] = "ski", ["skies"] = "sky", ["sky"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["idly"] = "idl", ["gently"] = "gentl", ["ugly"] = "ugli", ["early"] = "earli", ["only"] = "onli", ["singly"] = "singl",
        ["news"] = "news", ["howe"] = "howe", ["atlas"] = "atlas", ["cosmos"] = "cosmos", ["bias"] = "bias", ["andes"] = "andes",
    };

    private static readonly HashSet<string> Exceptions2 = new(StringComparer.Ordinal)
    {
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    };

    public static string Stem(string word)
    {
        if (word.Length <= 2) return word;
        if (Exceptions1.TryGetValue(word, out var ex)) return ex;
        Span<char> buf = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
        word.AsSpan().CopyTo(buf);
        var w = new Word(buf);
        w.Run();
        var result = w.Result();
        return result.SequenceEqual(word) ? word : new string(result);
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
    private static bool IsDouble(ReadOnlySpan<char> s) => s.Length >= 2 && s[^1] == s[^2] && s[^1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't';
    private static bool IsLiEnding(char c) => c is 'c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't';

    private ref struct Word
    {
        private readonly Span<char> _b;
        private int _len;
        private int _r1;
        private int _r2;

        public Word(Span<char> buffer)
        {
            _b = buffer;
            _len = buffer.Length;
        }

        private readonly ReadOnlySpan<char> S => _b[.._len];

        public readonly ReadOnlySpan<char> Result() => _b[.._len];

        private readonly bool Vowel(int i) => IsVowel(_b[i]);

        private readonly bool Ends(string suffix) => S.EndsWith(suffix, StringComparison.Ordinal);

        private void SetEnd(int suffixLen, string replacement)
        {
            _len -= suffixLen;
            replacement.AsSpan().CopyTo(_b[_len..]);
            _len += replacement.Length;
        }

        public void Run()
        {
            // Remove an initial apostrophe; mark consonant-y as Y.
            if (_b[0] == '\'')
            {
                _b[1.._len].CopyTo(_b);
                _len--;
                if (_len <= 2) return;
            }
            if (_b[0] == 'y') _b[0] = 'Y';
            for (var i = 1; i < _len; i++)
                if (_b[i] == 'y' && Vowel(i - 1)) _b[i] = 'Y';
            MarkRegions();
            Step0();
            if (Step1a()) { Finish(); return; }
            if (_len >= 6 && Exceptions2.Contains(new string(S))) { Finish(); return; }
            Step1b();
            Step1c();
            Step2();
            Step3();
            Step4();
            Step5();
            Finish();
        }

        private void Finish()
        {
            for (var i = 0; i < _len; i++)
                if (_b[i] == 'Y') _b[i] = 'y';
        }

        private void MarkRegions()
        {
            _r1 = _len;
            if (S.StartsWith("gener") || S.StartsWith("arsen")) _r1 = 5;
            else if (S.StartsWith("commun")) _r1 = 6;
            else _r1 = RegionAfter(0);
            _r2 = RegionAfter(_r1);
        }

        private readonly int RegionAfter(int start)
        {
            for (var i = start + 1; i < _len; i++)
                if (!Vowel(i) && Vowel(i - 1)) return i + 1;
            return _len;
        }

        private readonly bool InR1(int suffixLen) => _len - suffixLen >= _r1;
        private readonly bool InR2(int suffixLen) => _len - suffixLen >= _r2;

        /// <summary>A short syllable ends at index <paramref name="end"/> (inclusive).</summary>
        private readonly bool ShortSyllableEndingAt(int end)
        {
            if (end == 1) return Vowel(0) && !Vowel(1);
            if (end < 2) return false;
            var c = _b[end];
            return !Vowel(end - 2) && Vowel(end - 1) && !Vowel(end) && c is not ('w' or 'x' or 'Y');
        }

        private readonly bool IsShort() => _r1 >= _len && ShortSyllableEndingAt(_len - 1);

        private void Step0()
        {
            if (Ends("'s'")) _len -= 3;
            else if (Ends("'s")) _len -= 2;
            else if (Ends("'")) _len -= 1;
        }

        /// <returns>true when the word is finished (an invariant form after step 1a).</returns>
        private bool Step1a()
        {
            if (Ends("sses")) { _len -= 2; return false; }
            if (Ends("ied") || Ends("ies"))
            {
                if (_len > 4) SetEnd(3, "i"); else SetEnd(3, "ie");
                return false;
            }
            if (Ends("us") || Ends("ss")) return false;
            if (Ends("s"))
            {
                // delete if the preceding part contains a vowel not immediately before the s
                for (var i = 0; i < _len - 2; i++)
                    if (Vowel(i)) { _len--; break; }
            }
            return false;
        }

        private void Step1b()
        {
            string? suffix = null;
            foreach (var s in (ReadOnlySpan<string>)["eedly", "ingly", "edly", "eed", "ing", "ed"])
                if (Ends(s)) { suffix = s; break; }
            if (suffix is null) return;
            if (suffix is "eed" or "eedly")
            {
                if (InR1(suffix.Length)) SetEnd(suffix.Length, "ee");
                return;
            }
            var stemLen = _len - suffix.Length;
            var hasVowel = false;
            for (var i = 0; i < stemLen; i++)
                if (Vowel(i)) { hasVowel = true; break; }
            if (!hasVowel) return;
            _len = stemLen;
            if (Ends("at") || Ends("bl") || Ends("iz")) SetEnd(0, "e");
            else if (IsDouble(S)) _len--;
            else if (IsShort()) SetEnd(0, "e");
        }

        private void Step1c()
        {
            if (_len > 2 && (_b[_len - 1] is 'y' or 'Y') && !Vowel(_len - 2)) _b[_len - 1] = 'i';
        }

        private static readonly (string Suffix, string Replacement)[] Step2Rules =
        [
            ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
            ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
            ("entli", "ent"), ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"),
            ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"),
            ("bli", "ble"), ("ogi", "og"), ("li", ""),
        ];

        private void Step2()
        {
            foreach (var (suffix, replacement) in Step2Rules)
            {
                if (!Ends(suffix)) continue;
                if (!InR1(suffix.Length)) return;
                if (suffix == "ogi")
                {
                    if (_len >= 4 && _b[_len - 4] == 'l') SetEnd(3, "og");
                }
                else if (suffix == "li")
                {
                    if (_len >= 3 && IsLiEnding(_b[_len - 3])) _len -= 2;
                }
                else
                {
                    SetEnd(suffix.Length, replacement);
                }
                return;
            }
        }

        private static readonly (string Suffix, string Replacement)[] Step3Rules =
        [
            ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
            ("ical", "ic"), ("ness", ""), ("ful", ""),
        ];

        private void Step3()
        {
            foreach (var (suffix, replacement) in Step3Rules)
            {
                if (!Ends(suffix)) continue;
                if (!InR1(suffix.Length)) return;
                if (suffix == "ative")
                {
                    if (InR2(suffix.Length)) _len -= 5;
                }
                else
                {
                    SetEnd(suffix.Length, replacement);
                }
                return;
            }
        }

        private static readonly string[] Step4Suffixes =
        [
            "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "al", "er", "ic",
        ];

        private void Step4()
        {
            foreach (var suffix in Step4Suffixes)
            {
                if (!Ends(suffix)) continue;
                if (!InR2(suffix.Length)) return;
                if (suffix == "ion")
                {
                    if (_len >= 4 && _b[_len - 4] is 's' or 't') _len -= 3;
                }
                else
                {
                    _len -= suffix.Length;
                }
                return;
            }
        }

        private void Step5()
        {
            if (Ends("e"))
            {
                if (InR2(1) || (InR1(1) && !ShortSyllableEndingAt(_len - 2))) _len--;
            }
            else if (Ends("l"))
            {
                if (InR2(1) && _len >= 2 && _b[_len - 2] == 'l') _len--;
            }
        }
    }
}
