using System.Security.Cryptography;
using System.Text;

namespace PostmortemSearch.Server.Auth;

/// <summary>What a key may do; each role includes the ones before it.</summary>
public enum ApiRole { Reader, Importer, Admin }

/// <summary>One configured API key: a name (written to the audit log), a role, and whether it sees restricted postmortems.</summary>
public sealed record ApiKey(string Name, ApiRole Role, bool Restricted, string Secret)
{
    /// <summary>Everyone, when no key is configured (the service then listens on loopback only).</summary>
    public static readonly ApiKey Anonymous = new("anonymous", ApiRole.Admin, Restricted: true, Secret: "");

    public override string ToString() => $"{Name}:{Role.ToString().ToLowerInvariant()}{(Restricted ? "+restricted" : "")}";
}

/// <summary>
/// The configured keys, parsed from <c>name:role[+restricted]:key;…</c> (e.g.
/// <c>oncall:reader:k1;ci:importer:k2;guild:admin+restricted:k3</c>). An empty ring means open access on loopback.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly IReadOnlyList<(byte[] Hash, ApiKey Key)> _keys;

    private ApiKeyRing(IReadOnlyList<ApiKey> keys)
    {
        Keys = keys;
        _keys = [.. keys.Select(k => (Hash(k.Secret), k))];
    }

    public IReadOnlyList<ApiKey> Keys { get; }

    public bool IsEmpty => Keys.Count == 0;

    /// <summary>Shortest admin key, and how many different characters it must hold (a guessable admin key is an open admin).</summary>
    public const int MinAdminKeyLength = 20;
    public const int MinAdminKeyDistinct = 10;

    /// <summary>
    /// Parses the configuration value; a malformed entry throws <see cref="FormatException"/> naming it (secrets are
    /// never echoed). Unset or empty means no keys (open access on loopback); a value that is set but holds no entry
    /// (";", " ; ") is an error, not silently the same as no keys.
    /// </summary>
    public static ApiKeyRing Parse(string? spec)
    {
        var keys = new List<ApiKey>();
        var entries = (spec ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0 && !string.IsNullOrEmpty(spec))
            throw new FormatException("PMSEARCH_API_KEYS is set but holds no key; give name:role:key;… entries, or unset it for open access on loopback");
        for (var i = 0; i < entries.Length; i++)
        {
            var parts = entries[i].Split(':', 3, StringSplitOptions.TrimEntries);
            var where = $"PMSEARCH_API_KEYS entry {i + 1}";
            if (parts.Length != 3 || parts[0].Length == 0 || parts[2].Length == 0)
                throw new FormatException($"{where} must look like name:role:key (role reader, importer or admin, optionally +restricted)");
            var roleText = parts[1].ToLowerInvariant();
            var restricted = roleText.EndsWith("+restricted", StringComparison.Ordinal);
            if (restricted) roleText = roleText[..^"+restricted".Length];
            ApiRole role = roleText switch
            {
                "reader" => ApiRole.Reader,
                "importer" => ApiRole.Importer,
                "admin" => ApiRole.Admin,
                _ => throw new FormatException($"{where} ('{parts[0]}') has role '{parts[1]}'; use reader, importer or admin, optionally +restricted"),
            };
            if (parts[2].Length < 8) throw new FormatException($"{where} ('{parts[0]}') has a key shorter than 8 characters");
            if (keys.Any(k => k.Name == parts[0])) throw new FormatException($"{where}: the name '{parts[0]}' is used twice");
            if (keys.Any(k => k.Secret == parts[2])) throw new FormatException($"{where} ('{parts[0]}') reuses another entry's key");
            if (role == ApiRole.Admin && (parts[2].Length < MinAdminKeyLength || parts[2].Distinct().Count() < MinAdminKeyDistinct))
                throw new FormatException($"{where} ('{parts[0]}') is an admin key weaker than required: use at least {MinAdminKeyLength} characters with at least {MinAdminKeyDistinct} different ones (e.g. the output of 'openssl rand -hex 24')");
            keys.Add(new ApiKey(parts[0], role, restricted, parts[2]));
        }
        return new ApiKeyRing(keys);
    }

    /// <summary>The key whose secret is <paramref name="presented"/>; compared in constant time over hashes.</summary>
    public ApiKey? Find(string presented)
    {
        var hash = Hash(presented);
        ApiKey? found = null;
        foreach (var (candidate, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash)) found = key;
        }
        return found;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
