using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>
/// The RSA key pair that signs service-account tokens (the API server's <c>--service-account-signing-key-file</c>), with
/// its key id: the base64url SHA-256 of the public key's PKIX form, as the API server computes it.
/// </summary>
internal sealed class ServiceAccountSigningKey : IDisposable
{
    /// <summary>Where the key is kept in a data directory, so that tokens survive a restart.</summary>
    public const string FileName = "sa-signing-key.pem";

    private readonly RSA rsa;

    private ServiceAccountSigningKey(RSA rsa)
    {
        this.rsa = rsa;
        KeyId = JwtBase64.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()));
    }

    public string KeyId { get; }

    /// <summary>A fresh 2048-bit key, kept in memory only.</summary>
    public static ServiceAccountSigningKey Create() => new(RSA.Create(2048));

    /// <summary>A key from PKCS#8 or PKCS#1 PEM.</summary>
    public static ServiceAccountSigningKey FromPem(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new ServiceAccountSigningKey(rsa);
    }

    /// <summary>
    /// The key of <paramref name="dataDirectory"/> (<see cref="FileName"/>, created on first use, readable by its owner
    /// only), or an in-memory one when there is no data directory.
    /// </summary>
    public static ServiceAccountSigningKey LoadOrCreate(string? dataDirectory)
    {
        if (dataDirectory is null)
        {
            return Create();
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return FromPem(File.ReadAllText(path));
        }

        var key = Create();
        var temporary = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, fileOptions))
        {
            stream.Write(Encoding.ASCII.GetBytes(key.rsa.ExportPkcs8PrivateKeyPem()));
        }

        File.Move(temporary, path, overwrite: true);
        return key;
    }

    public byte[] Sign(byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool Verify(byte[] data, byte[] signature) => rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>The public key as a JSON Web Key (what <c>/openid/v1/jwks</c> lists).</summary>
    public JsonObject PublicJwk()
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["use"] = "sig",
            ["kty"] = "RSA",
            ["kid"] = KeyId,
            ["alg"] = "RS256",
            ["n"] = JwtBase64.Encode(parameters.Modulus!),
            ["e"] = JwtBase64.Encode(parameters.Exponent!),
        };
    }

    public void Dispose() => rsa.Dispose();
}
