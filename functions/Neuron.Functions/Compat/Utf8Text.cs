using System.Text;

namespace Neuron.Functions.Compat;

/// <summary>Bytes a client sent encoded (Base64, hex, a zip entry) as the text Neuron runs: strict UTF-8, or nothing.</summary>
public static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? TryDecode(byte[] bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
